//! Demo work for a demo workshop: a few canned jobs and a couple of dozen
//! orders in every state of their life, on the first demo vehicles, written
//! through the same functions as the screens and the bench.

use atelier_domain::{CannedJobId, Locale, OrderId};
use serde::Serialize;
use serde_json::json;

use super::rng::Rng;
use atelier_core::access::Actor;
use atelier_core::orders::bench::{self, PartUsedInput};
use atelier_core::orders::canned::{self, CannedJobInput};
use atelier_core::orders::inspection::{self, PointInput};
use atelier_core::orders::{
    self, Approval, LineInput, OrderInput, OrderStatus, clock, steps, supplements,
};
use atelier_core::{Db, Result, Transaction, text, users, vehicles, workshop};

/// How many orders the demo workshop gets.
pub const ORDERS: usize = 24;

/// What [`add`] wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct OrdersSummary {
    /// Canned jobs.
    pub canned_jobs: u32,
    /// Orders, every status included.
    pub orders: u32,
}

const MINUTE: u64 = 60_000;

/// The states the demo orders are left in, in turn.
const STATES: [OrderStatus; 8] = [
    OrderStatus::InProgress,
    OrderStatus::Accepted,
    OrderStatus::Estimate,
    OrderStatus::InProgress,
    OrderStatus::WaitingParts,
    OrderStatus::Done,
    OrderStatus::Accepted,
    OrderStatus::Cancelled,
];

/// Adds canned jobs and [`ORDERS`] orders, in one transaction, when the
/// workshop is set up, has its demo accounts and holds no order yet; otherwise
/// writes nothing.
pub fn add(db: &mut Db, now_ms: u64, rng: &mut Rng) -> Result<OrdersSummary> {
    let has_orders: bool =
        db.conn()
            .query_row("SELECT EXISTS (SELECT 1 FROM orders)", [], |r| r.get(0))?;
    if has_orders || !workshop::is_set_up(db.conn())? {
        return Ok(OrdersSummary::default());
    }
    let people = users::list(db.conn())?;
    let find = |login: &str| people.iter().find(|u| u.login == login).map(users::actor);
    let (Some(desk), Some(mechanic)) = (find("accueil"), find("meca")) else {
        return Ok(OrdersSummary::default());
    };
    let cars: Vec<(String, String, Option<i64>)> = db
        .conn()
        .prepare(
            "SELECT v.id, v.customer_id, (SELECT MAX(km) FROM mileage_readings m WHERE m.vehicle_id = v.id)
               FROM vehicles v WHERE v.deleted_at IS NULL ORDER BY v.created_at LIMIT ?1",
        )?
        .query_map([ORDERS as i64], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    db.write(|tx| {
        let jobs = canned_jobs(tx, now_ms)?;
        let mut summary = OrdersSummary {
            canned_jobs: u32::try_from(jobs.len()).unwrap_or(u32::MAX),
            orders: 0,
        };
        for (i, (vehicle, customer, km)) in cars.iter().enumerate() {
            let state = STATES[i % STATES.len()];
            let scene = Scene {
                tx,
                now_ms,
                desk: &desk,
                mechanic: &mechanic,
            };
            let job = *rng.pick(&jobs);
            scene.order(rng, i, customer, vehicle, *km, job, state)?;
            summary.orders += 1;
        }
        Ok(summary)
    })
}

fn canned_jobs(tx: &Transaction<'_>, now_ms: u64) -> Result<Vec<CannedJobId>> {
    let labour = |d: &str, h: &str| LineInput {
        kind: Some("labour".into()),
        description: Some(d.into()),
        hours: Some(h.into()),
        ..LineInput::default()
    };
    let part = |d: &str, r: &str, q: &str, p: &str| LineInput {
        kind: Some("part".into()),
        description: Some(d.into()),
        part_id: Some(r.into()),
        quantity: Some(q.into()),
        unit_price: Some(p.into()),
        origin: Some("new_aftermarket".into()),
        ..LineInput::default()
    };
    let jobs = [
        (
            "Vidange + filtre à huile",
            "0,75",
            vec![
                labour("Vidange moteur et remplacement du filtre à huile", "0,5"),
                part("Huile moteur 5W-30 (l)", "HU-5W30", "4,5", "13,90"),
                part("Filtre à huile", "FI-0457", "1", "12,50"),
            ],
        ),
        (
            "Plaquettes de frein avant",
            "1,2",
            vec![
                labour("Remplacement des plaquettes avant", "1"),
                part("Plaquettes de frein avant", "FR-0232", "1", "47,20"),
                part("Nettoyant freins", "NF-500", "1", "6,90"),
            ],
        ),
        (
            "Kit de distribution",
            "3,5",
            vec![
                labour(
                    "Remplacement de la distribution et de la pompe à eau",
                    "3,5",
                ),
                part(
                    "Kit de distribution avec pompe à eau",
                    "KD-1420",
                    "1",
                    "389,90",
                ),
                part("Liquide de refroidissement (l)", "LR-G12", "5", "6,50"),
            ],
        ),
    ];
    let mut ids = Vec::new();
    for (name, duration, lines) in jobs {
        let input = CannedJobInput {
            name: Some(name.into()),
            duration: Some(duration.into()),
            lines,
        };
        ids.push(canned::create_canned_job(tx, now_ms, &input, Locale::Fr)?.id);
    }
    Ok(ids)
}

/// Who writes what, and when.
struct Scene<'a, 't> {
    tx: &'a Transaction<'t>,
    now_ms: u64,
    desk: &'a Actor,
    mechanic: &'a Actor,
}

impl Scene<'_, '_> {
    /// One order for `customer`'s `vehicle`, taken as far as `state`.
    #[allow(
        clippy::too_many_arguments,
        reason = "one demo order is exactly these facts"
    )]
    fn order(
        &self,
        rng: &mut Rng,
        i: usize,
        customer: &str,
        vehicle: &str,
        km: Option<i64>,
        job: CannedJobId,
        state: OrderStatus,
    ) -> Result<()> {
        let (tx, now) = (self.tx, self.now_ms);
        let day = text::today(now + 86_400_000 * (i as u64 % 3));
        let hour = 9 + rng.below(9);
        let header = OrderInput {
            customer_id: Some(customer.to_owned()),
            vehicle_id: Some(vehicle.to_owned()),
            mileage: km.map(|k| json!(k + 300 + i64::try_from(rng.below(2_000)).unwrap_or(0))),
            complaint: Some((*rng.pick(&COMPLAINTS)).to_owned()),
            promised_at: Some(format!("{day} {hour:02}:{:02}", rng.pick(&[0, 15, 30, 45]))),
            mechanic_ids: self.mechanic.user.iter().map(ToString::to_string).collect(),
            ..OrderInput::default()
        };
        let id =
            orders::header::create_id(tx, now - 3 * 60 * MINUTE, self.desk, &header, Locale::Fr)?;
        canned::apply_canned_job(tx, now - 3 * 60 * MINUTE, id, job)?;
        if state == OrderStatus::Estimate {
            return Ok(());
        }
        let approval = Approval {
            signer_name: vehicles::get(
                tx,
                vehicle
                    .parse()
                    .map_err(|_| atelier_core::Error::Corrupt("demo"))?,
            )?
            .owner_name,
            signature_png: atelier_pdf::sample::signature_png(),
            recycled_parts_accepted: None,
            accepted_on: String::new(),
        };
        orders::accept_estimate(tx, now - 2 * 60 * MINUTE, self.desk, id, &approval)?;
        match state {
            OrderStatus::Accepted => Ok(()),
            OrderStatus::Cancelled => orders::change_status(
                tx,
                now,
                self.desk,
                id,
                state,
                Some("Le client a repris son véhicule"),
            )
            .map(drop),
            OrderStatus::InProgress => self.working(id, i),
            OrderStatus::WaitingParts => {
                self.working(id, i)?;
                clock::pause_clock(tx, now - 2 * MINUTE, self.mechanic, id)?;
                orders::change_status(
                    tx,
                    now,
                    self.desk,
                    id,
                    state,
                    Some("Pièce en commande, livraison demain"),
                )
                .map(drop)
            }
            _ => self.finished(id),
        }
    }

    /// Clocked in 90 minutes ago, first step ticked, a part used, an inspection.
    fn working(&self, id: OrderId, i: usize) -> Result<()> {
        let (tx, now, m) = (self.tx, self.now_ms, self.mechanic);
        atelier_core::orders::start_clock(tx, now - 90 * MINUTE, m, id)?;
        if let Some(first) = steps::of_order(tx, id)?.first() {
            steps::tick_step(tx, now - 30 * MINUTE, m, first.id)?;
        }
        let used = PartUsedInput {
            description: Some("Graisse cuivrée".into()),
            quantity: Some("0,1".into()),
            ..Default::default()
        };
        bench::add_part_used(tx, now - 20 * MINUTE, m, id, &used)?;
        if i.is_multiple_of(2) {
            let check = |status: &str, measure: Option<&str>, comment: Option<&str>| PointInput {
                status: Some(status.into()),
                measure: measure.map(Into::into),
                comment: comment.map(Into::into),
            };
            for (code, p) in [
                ("tyres_front", check("ok", Some("5,5"), None)),
                (
                    "brake_pads_rear",
                    check("watch", Some("35"), Some("À prévoir au prochain entretien")),
                ),
                (
                    "wipers",
                    check("urgent", None, Some("Traces sur le pare-brise")),
                ),
                ("lights", check("ok", None, None)),
            ] {
                inspection::record_point(tx, now - 15 * MINUTE, m, id, code, &p, Locale::Fr)?;
            }
            let s = supplements::add_supplement(
                tx,
                now - 10 * MINUTE,
                id,
                Some("Balais d’essuie-glace"),
            )?;
            let line = LineInput {
                kind: Some("part".into()),
                description: Some("Balais d’essuie-glace avant (la paire)".into()),
                unit_price: Some("29,90".into()),
                supplement_id: Some(s.id.to_string()),
                ..LineInput::default()
            };
            orders::add_line(tx, now - 10 * MINUTE, id, &line, Locale::Fr)?;
        }
        bench::add_note(
            tx,
            now - 5 * MINUTE,
            m,
            id,
            "Client prévenu par téléphone de l’avancement.",
        )
        .map(drop)
    }

    /// Every step ticked, then done (which stops the clock).
    fn finished(&self, id: OrderId) -> Result<()> {
        let (tx, now, m) = (self.tx, self.now_ms, self.mechanic);
        atelier_core::orders::start_clock(tx, now - 150 * MINUTE, m, id)?;
        for step in steps::of_order(tx, id)? {
            steps::tick_step(tx, now - 40 * MINUTE, m, step.id)?;
        }
        atelier_core::orders::mark_done(tx, now - 35 * MINUTE, m, id, None).map(drop)
    }
}

const COMPLAINTS: [&str; 6] = [
    "Entretien annuel, voyant de vidange allumé",
    "Bruit métallique au freinage à l’avant",
    "Courroie de distribution à faire selon le carnet",
    "Le véhicule tire à droite au freinage",
    "Révision avant un long trajet",
    "Voyant moteur orange depuis hier",
];
