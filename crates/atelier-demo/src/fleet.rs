//! Demo vehicles: a model from the catalogue, a plate of its time (SIV, or
//! an older FNI plate of the owner's department), a VIN its manufacturer
//! could have issued, and odometer readings that rise over the years.

use std::collections::HashSet;

use time::Date;

use atelier_core::vehicles::{Fuel, Gearbox, MileageSource, VehicleInput};

use super::catalogue::{self, Body, Family, MODELS, Model};
use super::identifiers;
use super::rng::Rng;
use super::words::Town;

/// The oldest first registration in the demo car park.
const OLDEST: u16 = 2005;
/// The newest year of the catalogue.
const NEWEST: u16 = 2024;

/// One odometer reading to record.
#[derive(Clone, Debug)]
pub(crate) struct Reading {
    pub km: i64,
    pub on: String,
    pub meter_replaced: bool,
    pub source: MileageSource,
}

/// One vehicle to create (the owner is filled in by the caller) and its readings.
#[derive(Clone, Debug)]
pub(crate) struct NewVehicle {
    pub input: VehicleInput,
    pub readings: Vec<Reading>,
    first_registration: Date,
}

/// Draws vehicles; every plate and VIN it hands out is new.
#[derive(Debug)]
pub(crate) struct Fleet {
    rng: Rng,
    today: Date,
    cars: Vec<(u32, Model)>,
    vans: Vec<(u32, Model)>,
    plates: HashSet<String>,
    vins: HashSet<String>,
}

impl Fleet {
    /// Vehicles first registered no later than `today`.
    pub fn new(rng: Rng, today: Date) -> Fleet {
        let last_year = u16::try_from(today.year()).unwrap_or(NEWEST).min(NEWEST);
        let sold = |(_, m): &&(u32, Model)| m.years.0 <= last_year;
        // Before 2005 nothing of the catalogue was sold yet: take it all,
        // and dates will be refused as being in the future.
        let on_sale = MODELS.iter().filter(sold).count();
        let (vans, cars): (Vec<_>, Vec<_>) = MODELS
            .iter()
            .filter(|m| on_sale == 0 || sold(m))
            .copied()
            .partition(|(_, m)| matches!(m.body, Body::Van { .. }));
        Fleet {
            rng,
            today,
            cars,
            vans,
            plates: HashSet::new(),
            vins: HashSet::new(),
        }
    }

    /// How many vehicles a customer brings: most people one, some none or
    /// two or three; companies a fleet. About 1.5 on average.
    pub fn count(&mut self, company: bool) -> u32 {
        if company {
            match self.rng.below(100) {
                0..=19 => 1,
                20..=39 => 2,
                40..=59 => 3,
                60..=84 => self.rng.range(4, 6) as u32,
                _ => self.rng.range(7, 10) as u32,
            }
        } else {
            *self.rng.weighted(&[(14, 0), (62, 1), (19, 2), (5, 3)])
        }
    }

    /// The next vehicle of a customer living in `town`.
    pub fn next(&mut self, company: bool, town: &Town) -> NewVehicle {
        // Companies run vans; a few tradespeople without a company too.
        let van = self.rng.percent(if company { 65 } else { 4 });
        let model = if van {
            *self.rng.weighted(&self.vans)
        } else {
            *self.rng.weighted(&self.cars)
        };
        let registered = self.registration_date(&model);
        let year = u16::try_from(registered.year()).unwrap_or(NEWEST);
        let fuel = self.fuel(&model, year);
        let r = &mut self.rng;
        let gearbox = match (fuel, model.family) {
            (Fuel::Electric | Fuel::Hybrid | Fuel::PluginHybrid, _) => Gearbox::Automatic,
            (_, Family::German) if r.percent(70) => Gearbox::Automatic,
            _ if r.percent(if year >= 2018 { 30 } else { 12 }) => Gearbox::Automatic,
            _ => Gearbox::Manual,
        };
        let colour = if van && r.percent(75) {
            "Blanc"
        } else {
            *r.weighted(catalogue::COLOURS)
        };
        let versions = catalogue::versions(model.family, fuel);
        let version =
            (!versions.is_empty() && r.percent(70)).then(|| (*r.pick(versions)).to_owned());
        let engines = catalogue::engine_codes(model.family, fuel);
        let engine_code =
            (!engines.is_empty() && r.percent(25)).then(|| (*r.pick(engines)).to_owned());
        let notes = r
            .percent(3)
            .then(|| (*r.pick(catalogue::VEHICLE_NOTES)).to_owned());
        let with_plate = !r.percent(1);
        let with_vin = !with_plate || r.percent(92);
        let mut v = NewVehicle {
            input: VehicleInput {
                make: Some(model.make.to_owned()),
                model: Some(model.model.to_owned()),
                version,
                engine_code,
                fuel: Some(fuel.as_str().to_owned()),
                gearbox: Some(gearbox.as_str().to_owned()),
                colour: Some(colour.to_owned()),
                first_registration: Some(iso(registered)),
                notes,
                ..VehicleInput::default()
            },
            readings: Vec::new(),
            first_registration: registered,
        };
        if with_plate {
            self.plate(&mut v, town);
        }
        if with_vin {
            self.vin(&mut v, &model);
        }
        v.readings = self.readings(registered, &model, fuel, company);
        v
    }

    /// Gives `v` another plate (keeping its kind) after the database found
    /// it taken (demo data added twice).
    pub fn renew_plate(&mut self, v: &mut NewVehicle, town: &Town) {
        if v.input.plate.is_some() {
            self.plate(v, town);
        }
    }

    /// Gives `v` another VIN of the same manufacturer and model.
    pub fn renew_vin(&mut self, v: &mut NewVehicle) {
        let Some(old) = v.input.vin.take() else {
            return;
        };
        let model = MODELS
            .iter()
            .map(|(_, m)| m)
            .find(|m| old.starts_with(m.wmi) && v.input.model.as_deref() == Some(m.model))
            .copied();
        if let Some(model) = model {
            self.vin(v, &model);
        }
    }

    fn registration_date(&mut self, model: &Model) -> Date {
        let last = u16::try_from(self.today.year())
            .unwrap_or(NEWEST)
            .min(model.years.1);
        let year = self
            .rng
            .range(u64::from(model.years.0.max(OLDEST)), u64::from(last));
        let month = self.rng.range(1, 12) as u8;
        let day = self.rng.range(1, 28) as u8;
        time::Month::try_from(month)
            .ok()
            .and_then(|m| Date::from_calendar_date(year as i32, m, day).ok())
            .map_or(self.today, |d| d.min(self.today))
    }

    fn fuel(&mut self, model: &Model, year: u16) -> Fuel {
        let r = &mut self.rng;
        let electric_from = match model.body {
            Body::Electric => return Fuel::Electric,
            Body::Hybrid if year >= 2012 && r.percent(85) => return Fuel::Hybrid,
            Body::Hybrid => return Fuel::Petrol,
            Body::Car { ev_from } | Body::Van { ev_from } => ev_from,
        };
        let fuel = if matches!(model.body, Body::Van { .. }) {
            *r.weighted(&[(92, Fuel::Diesel), (5, Fuel::Electric), (3, Fuel::Petrol)])
        } else if year < 2012 {
            *r.weighted(&[(60, Fuel::Diesel), (38, Fuel::Petrol), (2, Fuel::Lpg)])
        } else if year < 2019 {
            *r.weighted(&[(52, Fuel::Diesel), (46, Fuel::Petrol), (2, Fuel::Lpg)])
        } else {
            *r.weighted(&[
                (48, Fuel::Petrol),
                (22, Fuel::Diesel),
                (15, Fuel::Hybrid),
                (5, Fuel::PluginHybrid),
                (10, Fuel::Electric),
            ])
        };
        let hybrid_maker = matches!(model.family, Family::Renault | Family::Stellantis);
        match fuel {
            Fuel::Electric if electric_from == 0 || year < electric_from => Fuel::Petrol,
            Fuel::Hybrid | Fuel::PluginHybrid if !hybrid_maker || year < 2020 => Fuel::Petrol,
            Fuel::Lpg if model.family != Family::Renault => Fuel::Petrol,
            other => other,
        }
    }

    /// A SIV plate of the series issued around the registration, or for cars
    /// registered before SIV began (April 2009) often still their FNI plate;
    /// now and then a foreign one.
    fn plate(&mut self, v: &mut NewVehicle, town: &Town) {
        let siv_start = identifiers::siv_start();
        let foreign = self.rng.percent(1);
        let fni = !foreign && v.first_registration < siv_start && self.rng.percent(45);
        // Older cars got a SIV plate when they changed hands after 2009.
        let issued = if v.first_registration < siv_start {
            let span = (self.today.to_julian_day() - siv_start.to_julian_day()).max(1);
            let day = siv_start.to_julian_day() + self.rng.below(span as u64) as i32;
            Date::from_julian_day(day).unwrap_or(siv_start)
        } else {
            v.first_registration
        };
        loop {
            let r = &mut self.rng;
            let typed = if foreign {
                identifiers::foreign_plate(r)
            } else if fni {
                identifiers::fni_plate(r, town.department)
            } else {
                identifiers::siv_plate(r, issued)
            };
            let key: String = typed
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_uppercase())
                .collect();
            if self.plates.insert(key) {
                v.input.plate = Some(typed);
                v.input.plate_foreign = foreign;
                return;
            }
        }
    }

    fn vin(&mut self, v: &mut NewVehicle, model: &Model) {
        loop {
            let vin = identifiers::vin(&mut self.rng, model, v.first_registration);
            if self.vins.insert(vin.clone()) {
                v.input.vin = Some(vin);
                return;
            }
        }
    }

    /// One to six readings since the car came to the garage, rising with
    /// the kilometres it does a year; rarely a replaced meter starts again
    /// from near zero.
    fn readings(
        &mut self,
        registered: Date,
        model: &Model,
        fuel: Fuel,
        company: bool,
    ) -> Vec<Reading> {
        let r = &mut self.rng;
        let today = self.today.to_julian_day();
        let born = registered.to_julian_day();
        let yearly = match (model.body, fuel) {
            (Body::Van { .. }, _) => r.range(15_000, 35_000),
            (_, Fuel::Diesel) => r.range(12_000, 25_000),
            _ if company => r.range(15_000, 30_000),
            _ => r.range(6_000, 16_000),
        } as f64;
        let first_visit = (today - r.range(200, 3_000) as i32)
            .max(born + 30)
            .min(today);
        let wanted = *r.weighted(&[(20, 1), (20, 2), (20, 3), (15, 4), (15, 5), (10, 6)]);
        let span = (today - first_visit + 1) as u64;
        let mut days: Vec<i32> = (0..wanted)
            .map(|_| first_visit + r.below(span) as i32)
            .collect();
        days.sort_unstable();
        days.dedup();
        let replaced_at =
            (days.len() >= 3 && r.percent(3)).then(|| r.range(1, days.len() as u64 - 1) as usize);
        let mut out: Vec<Reading> = Vec::with_capacity(days.len());
        let mut offset = 0;
        for (i, day) in days.into_iter().enumerate() {
            let driven = (f64::from(day - born) * yearly / 365.25) as i64;
            let meter_replaced = replaced_at == Some(i);
            if meter_replaced {
                offset = driven - r.range(50, 2_000) as i64;
            }
            let mut km = (driven - offset).max(0);
            if let Some(prev) = out.last().filter(|_| !meter_replaced) {
                km = km.max(prev.km);
            }
            let source = if r.percent(60) {
                MileageSource::DropOff
            } else {
                MileageSource::Invoice
            };
            out.push(Reading {
                km,
                on: Date::from_julian_day(day).map_or_else(|_| iso(self.today), iso),
                meter_replaced,
                source,
            });
        }
        out
    }
}

/// A date as YYYY-MM-DD.
pub(crate) fn iso(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

#[cfg(test)]
mod tests {
    use super::*;
    use atelier_domain::{Plate, PlateKind, Vin};

    fn fleet() -> Fleet {
        Fleet::new(Rng::new(11), identifiers::date(2025, 6, 1))
    }

    #[test]
    fn plates_and_vins_are_valid_unique_and_of_their_time() {
        let mut f = fleet();
        let town = super::super::words::TOWNS[0];
        let (mut fni, mut foreign) = (0, 0);
        for _ in 0..3_000 {
            let v = f.next(false, &town);
            let registered = v.input.first_registration.clone().unwrap_or_default();
            if let Some(p) = &v.input.plate {
                let plate = if v.input.plate_foreign {
                    foreign += 1;
                    Plate::foreign(p)
                } else {
                    Plate::parse(p)
                }
                .expect("a valid plate");
                if plate.kind() == PlateKind::Fni {
                    fni += 1;
                    assert!(registered.as_str() < "2009-04-15", "FNI ended in 2009: {p}");
                    assert!(plate.as_str().ends_with(" 75"), "Paris: {p}");
                }
            }
            if let Some(vin) = &v.input.vin {
                let vin = Vin::parse(vin).expect("a valid VIN");
                let year: u16 = registered[..4].parse().unwrap();
                let model_year = vin.model_year(2025).unwrap();
                assert!(
                    model_year == year || model_year + 1 == year,
                    "{vin} {registered}"
                );
                assert!(vin.manufacturer().is_some(), "a known WMI: {vin}");
            }
        }
        assert!(fni > 50, "some older cars keep their FNI plate: {fni}");
        assert!((5..80).contains(&foreign), "about 1% foreign: {foreign}");
    }

    #[test]
    fn the_siv_series_follows_the_registration_year() {
        let mut f = fleet();
        let town = super::super::words::TOWNS[0];
        for _ in 0..500 {
            let v = f.next(false, &town);
            let (Some(p), Some(reg)) = (&v.input.plate, &v.input.first_registration) else {
                continue;
            };
            if v.input.plate_foreign {
                continue;
            }
            let first = p.to_ascii_uppercase().as_bytes()[0];
            if reg.as_str() >= "2022" && first.is_ascii_alphabetic() {
                assert!(first >= b'F', "{p} registered {reg}");
            }
            if reg.as_str() < "2011" && reg.as_str() > "2009-06" {
                assert_eq!(first, b'A', "{p} registered {reg}");
            }
        }
    }

    #[test]
    fn readings_rise_unless_the_meter_was_replaced() {
        let mut f = fleet();
        let town = super::super::words::TOWNS[0];
        for _ in 0..2_000 {
            let v = f.next(true, &town);
            assert!((1..=6).contains(&v.readings.len()));
            for pair in v.readings.windows(2) {
                assert!(pair[0].on < pair[1].on, "one reading a day, in order");
                assert!(pair[1].km >= pair[0].km || pair[1].meter_replaced);
            }
            let first = v.input.first_registration.clone().unwrap();
            assert!(
                v.readings[0].on > first && v.readings.last().unwrap().on.as_str() <= "2025-06-01"
            );
        }
    }
}
