//! What people type into the search box, drawn from the records of a
//! database, and how long answers take: for benchmarks and `atelier bench`.

use std::time::Duration;

use atelier_domain::{CustomerId, VehicleId};
use rusqlite::Connection;
use serde::Serialize;

use super::rng::Rng;
use atelier_core::customers::{self, ListQuery, PAGE_MAX, Sort};
use atelier_core::text::fold;
use atelier_core::{Result, vehicles};

/// The kinds of search people make at the front desk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QueryKind {
    /// The start of a family name, 3 to 5 letters: "lef".
    Surname,
    /// The first digits of a phone number: "06 12 34".
    Phone,
    /// The start of a plate in lower case: "ab-1".
    Plate,
    /// Three to five characters from inside a plate, with or without its
    /// separators: "934fg", "34-F".
    PlateScrap,
    /// The last six characters of a VIN, read off the registration document.
    VinEnd,
    /// The last four or five characters of a VIN, read off the windscreen.
    VinTail,
    /// A first and a family name: "hélène lefèvre".
    FullName,
    /// A town: "saint-étienne".
    Town,
}

impl QueryKind {
    /// Every kind, in the order a mix of queries cycles through them.
    pub const ALL: [QueryKind; 8] = [
        QueryKind::Surname,
        QueryKind::Phone,
        QueryKind::Plate,
        QueryKind::PlateScrap,
        QueryKind::VinEnd,
        QueryKind::VinTail,
        QueryKind::FullName,
        QueryKind::Town,
    ];

    /// A short name for tables.
    pub fn as_str(self) -> &'static str {
        match self {
            QueryKind::Surname => "surname",
            QueryKind::Phone => "phone",
            QueryKind::Plate => "plate",
            QueryKind::PlateScrap => "plate_scrap",
            QueryKind::VinEnd => "vin_end",
            QueryKind::VinTail => "vin_tail",
            QueryKind::FullName => "full_name",
            QueryKind::Town => "town",
        }
    }
}

/// One search as a person would type it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SampleQuery {
    /// What kind of search it is.
    pub kind: QueryKind,
    /// The text typed.
    pub text: String,
}

/// Records and searches drawn at random from a database.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sample {
    /// Searches in a fixed mix: the kinds of [`QueryKind::ALL`] in turn.
    pub queries: Vec<SampleQuery>,
    /// Active customers, in random order.
    pub customers: Vec<CustomerId>,
    /// Their vehicles.
    pub vehicles: Vec<VehicleId>,
}

/// Draws `count` searches, and the customers and vehicles they come from,
/// from the active records of `conn`. The same database and seed give the
/// same sample. Empty when there are no customers.
pub fn sample(conn: &Connection, count: usize, seed: u64) -> Result<Sample> {
    let mut rng = Rng::new(seed);
    let total = customers::list(conn, &ListQuery::default())?.total;
    let pages = count.div_ceil(PAGE_MAX as usize).max(1);
    let mut people = Vec::new();
    for _ in 0..pages {
        if total == 0 {
            break;
        }
        let page = customers::list(
            conn,
            &ListQuery {
                sort: Sort::Recent,
                limit: PAGE_MAX,
                offset: u32::try_from(rng.below(total)).unwrap_or(0),
                ..ListQuery::default()
            },
        )?;
        people.extend(page.items);
    }
    shuffle(&mut rng, &mut people);
    let mut cars = Vec::new();
    for c in &people {
        cars.extend(vehicles::of_customer(conn, c.id)?);
    }
    shuffle(&mut rng, &mut cars);
    let mut queries = Vec::with_capacity(count);
    let (mut pi, mut vi) = (0, 0);
    // Give up on a kind the data cannot give (no vehicle has a VIN…).
    let mut misses = 0;
    while queries.len() < count && !people.is_empty() && misses < 1_000 {
        let kind = QueryKind::ALL[queries.len() % QueryKind::ALL.len()];
        let c = &people[pi % people.len()];
        let text = match kind {
            QueryKind::Surname => c.last_name.as_deref().map(|l| {
                let n = rng.range(3, 5) as usize;
                typed(&mut rng, &fold(l).chars().take(n).collect::<String>())
            }),
            QueryKind::Phone => c.phone_display.as_deref().map(|p| {
                let digits = rng.range(6, 8) as usize;
                let compact = rng.percent(40);
                let mut out = String::new();
                for (i, d) in p
                    .chars()
                    .filter(char::is_ascii_digit)
                    .take(digits)
                    .enumerate()
                {
                    if i > 0 && i % 2 == 0 && !compact {
                        out.push(' ');
                    }
                    out.push(d);
                }
                out
            }),
            QueryKind::FullName => match (&c.first_name, &c.last_name) {
                (Some(f), Some(l)) => Some(typed(&mut rng, &format!("{f} {l}"))),
                _ => None,
            },
            QueryKind::Town => c.city.as_deref().map(|t| typed(&mut rng, t)),
            QueryKind::Plate | QueryKind::PlateScrap | QueryKind::VinEnd | QueryKind::VinTail => {
                let v = cars.get(vi % cars.len().max(1));
                vi += 1;
                match kind {
                    QueryKind::Plate => v.and_then(|v| v.plate.as_deref()).map(|p| {
                        let n = rng.range(4, 5) as usize;
                        p.to_lowercase().chars().take(n).collect()
                    }),
                    QueryKind::PlateScrap => v
                        .and_then(|v| v.plate.as_deref())
                        .and_then(|p| scrap(&mut rng, p)),
                    _ => v.and_then(|v| v.vin.as_deref()).map(|vin| {
                        let n = match kind {
                            QueryKind::VinEnd => 6,
                            _ => rng.range(4, 5) as usize,
                        };
                        vin[vin.len().saturating_sub(n)..].to_owned()
                    }),
                }
            }
        };
        pi += 1;
        match text {
            Some(text) => queries.push(SampleQuery { kind, text }),
            None => misses += 1,
        }
    }
    Ok(Sample {
        queries,
        customers: people.iter().map(|c| c.id).collect(),
        vehicles: cars.iter().map(|v| v.id).collect(),
    })
}

/// Three to five letters and digits of `plate` after its first, as people
/// read them off the back of a car: with the separators between them or
/// not, in capitals or not. `None` when the plate is too short.
fn scrap(rng: &mut Rng, plate: &str) -> Option<String> {
    let chars: Vec<char> = plate.chars().collect();
    let alnum: Vec<usize> = (0..chars.len())
        .filter(|&i| chars[i].is_alphanumeric())
        .collect();
    let n = rng.range(3, 5) as usize;
    if alnum.len() <= n {
        return None;
    }
    let first = 1 + rng.index(alnum.len() - n);
    let run = chars[alnum[first]..=alnum[first + n - 1]].iter();
    let text: String = if rng.percent(50) {
        run.collect()
    } else {
        run.filter(|c| c.is_alphanumeric()).collect()
    };
    Some(if rng.percent(50) {
        text.to_lowercase()
    } else {
        text
    })
}

/// Up to `count` customers who have had business here (an order or an
/// invoice), in random order: the customer pages whose panels have the most
/// to show. The same database and seed give the same customers.
pub fn customers_with_business(
    conn: &Connection,
    count: usize,
    seed: u64,
) -> Result<Vec<CustomerId>> {
    let mut ids: Vec<String> = conn
        .prepare(
            "SELECT customer_id FROM orders WHERE deleted_at IS NULL
             UNION SELECT customer_id FROM invoices WHERE customer_id IS NOT NULL
             ORDER BY 1",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    shuffle(&mut Rng::new(seed), &mut ids);
    Ok(ids
        .iter()
        .filter_map(|id| id.parse().ok())
        .take(count)
        .collect())
}

/// `text` as people type it: as written half the time, else lower case
/// without accents.
fn typed(rng: &mut Rng, text: &str) -> String {
    if rng.percent(50) {
        text.to_owned()
    } else {
        fold(text)
    }
}

fn shuffle<T>(rng: &mut Rng, items: &mut [T]) {
    for i in (1..items.len()).rev() {
        items.swap(i, rng.index(i + 1));
    }
}

/// The spread of a set of timings: what a person waits for most of the time
/// (p50), nearly always (p95, p99) and at worst.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Percentiles {
    /// How many timings.
    pub count: usize,
    /// The mean.
    pub mean: Duration,
    /// Half the timings are at most this.
    pub p50: Duration,
    /// 95% are at most this.
    pub p95: Duration,
    /// 99% are at most this.
    pub p99: Duration,
    /// The slowest.
    pub max: Duration,
}

impl Percentiles {
    /// The percentiles of `timings` (nearest-rank method).
    pub fn of(mut timings: Vec<Duration>) -> Percentiles {
        timings.sort_unstable();
        let n = timings.len();
        if n == 0 {
            return Percentiles::default();
        }
        let rank = |p: usize| timings[(p * n).div_ceil(100).clamp(1, n) - 1];
        let total: Duration = timings.iter().sum();
        Percentiles {
            count: n,
            mean: total / u32::try_from(n).unwrap_or(u32::MAX),
            p50: rank(50),
            p95: rank(95),
            p99: rank(99),
            max: timings[n - 1],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let ms = |n: u64| Duration::from_millis(n);
        let p = Percentiles::of((1..=100).rev().map(ms).collect());
        assert_eq!(
            (p.p50, p.p95, p.p99, p.max),
            (ms(50), ms(95), ms(99), ms(100))
        );
        assert_eq!(p.mean, Duration::from_micros(50_500));
        assert_eq!(Percentiles::of(vec![ms(7)]).p95, ms(7));
        assert_eq!(Percentiles::of(Vec::new()).count, 0);
    }
}
