//! Who may do what: roles, the actions the application offers, and the person
//! acting at a workstation.
//!
//! The rule table lives here and nowhere else: the desktop shell asks
//! [`Actor::require`] before every command, and business functions that shape
//! what they return by role (a mechanic's job card has no prices) ask
//! [`Actor::may`]. The UI is handed the list of what the person signed in
//! may do ([`permitted`]) and only hides what it would be refused anyway.

use atelier_domain::{Locale, UserId};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// A role a user holds; a user may hold several.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The owner (gérant): everything.
    Owner,
    /// The front desk (accueil): customers, orders, appointments, invoices, payments.
    FrontDesk,
    /// A mechanic (mécanicien): their jobs and the parts catalogue.
    Mechanic,
}

impl Role {
    /// Every role, in the order screens list them.
    pub const ALL: [Role; 3] = [Role::Owner, Role::FrontDesk, Role::Mechanic];

    fn bit(self) -> u8 {
        match self {
            Role::Owner => 1,
            Role::FrontDesk => 2,
            Role::Mechanic => 4,
        }
    }

    /// The role's name for a person.
    pub fn label(self, locale: Locale) -> &'static str {
        match (self, locale) {
            (Role::Owner, Locale::Fr) => "Gérant",
            (Role::Owner, Locale::En) => "Owner",
            (Role::FrontDesk, Locale::Fr) => "Accueil",
            (Role::FrontDesk, Locale::En) => "Front desk",
            (Role::Mechanic, Locale::Fr) => "Mécanicien",
            (Role::Mechanic, Locale::En) => "Mechanic",
        }
    }
}

/// The roles of one user, stored as a bit set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Vec<Role>", into = "Vec<Role>")]
pub struct Roles(u8);

impl Roles {
    /// No role at all: may do nothing but sign in.
    pub const NONE: Roles = Roles(0);

    /// The set holding exactly `roles`.
    pub fn of(roles: &[Role]) -> Roles {
        Roles(roles.iter().fold(0, |bits, r| bits | r.bit()))
    }

    /// Whether `role` is in the set.
    pub fn has(self, role: Role) -> bool {
        self.0 & role.bit() != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The stored bits.
    pub fn bits(self) -> u8 {
        self.0
    }

    /// The set stored as `bits`; unknown bits are dropped.
    pub fn from_bits(bits: i64) -> Roles {
        Roles(u8::try_from(bits & 7).unwrap_or(0))
    }
}

impl From<Vec<Role>> for Roles {
    fn from(roles: Vec<Role>) -> Self {
        Roles::of(&roles)
    }
}

impl From<Roles> for Vec<Role> {
    fn from(roles: Roles) -> Self {
        Role::ALL.into_iter().filter(|r| roles.has(*r)).collect()
    }
}

/// Everything the application lets a person do, grouped as the permission
/// table decides them. Each desktop command names exactly one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Before anyone signs in: the first run, the sign-in and switch screens,
    /// the workstation's language and status.
    Public,
    /// Anything a signed-in person does for themself: lock the screen, sign
    /// out, change their own PIN or password.
    Station,
    /// Look up customers: lists, pages, search, exports.
    ReadCustomers,
    /// Create, edit, archive, merge, anonymise and import customers.
    EditCustomers,
    /// Look up vehicles and their history.
    ReadVehicles,
    /// Create, edit and transfer vehicles.
    EditVehicles,
    /// Record an odometer reading (at the desk or the bench).
    RecordMileage,
    /// See estimates and repair orders with their prices.
    ReadOrders,
    /// Write estimates and orders, get them approved, move them along.
    EditOrders,
    /// The bench: a mechanic's jobs, steps, time clock, parts used, inspections.
    WorkJobs,
    /// Purchase and sale prices, margins.
    SeePrices,
    /// Look up the parts catalogue and canned jobs.
    ReadCatalogue,
    /// Edit the parts catalogue, canned jobs, stock and purchasing.
    EditCatalogue,
    /// Invoices, credit notes and payments.
    Invoices,
    /// Appointments and the planning board.
    Appointments,
    /// The owner's reports.
    Reports,
    /// Create, edit and deactivate users.
    ManageUsers,
    /// The workshop's identity, rates and the workstation's settings.
    Settings,
    /// Read the audit trail.
    ReadAudit,
    /// The till law's records: every station's closures, the technical-event
    /// journal, the signed archives and the FEC.
    Till,
}

impl Action {
    /// Every action, for the permission matrix.
    pub const ALL: [Action; 20] = [
        Action::Public,
        Action::Station,
        Action::ReadCustomers,
        Action::EditCustomers,
        Action::ReadVehicles,
        Action::EditVehicles,
        Action::RecordMileage,
        Action::ReadOrders,
        Action::EditOrders,
        Action::WorkJobs,
        Action::SeePrices,
        Action::ReadCatalogue,
        Action::EditCatalogue,
        Action::Invoices,
        Action::Appointments,
        Action::Reports,
        Action::ManageUsers,
        Action::Settings,
        Action::ReadAudit,
        Action::Till,
    ];

    /// What the action is, as the end of « Vous ne pouvez pas … ».
    pub fn phrase(self, locale: Locale) -> &'static str {
        use Action as A;
        let (fr, en) = match self {
            A::Public | A::Station => ("utiliser ce poste", "use this workstation"),
            A::ReadCustomers => ("consulter les clients", "look up customers"),
            A::EditCustomers => ("modifier les clients", "edit customers"),
            A::ReadVehicles => ("consulter les véhicules", "look up vehicles"),
            A::EditVehicles => ("modifier les véhicules", "edit vehicles"),
            A::RecordMileage => ("relever un kilométrage", "record a mileage"),
            A::ReadOrders => (
                "consulter les devis et ordres de réparation",
                "look up estimates and repair orders",
            ),
            A::EditOrders => (
                "modifier les devis et ordres de réparation",
                "edit estimates and repair orders",
            ),
            A::WorkJobs => (
                "travailler sur les travaux à l’atelier",
                "work on jobs at the bench",
            ),
            A::SeePrices => ("voir les prix et les marges", "see prices and margins"),
            A::ReadCatalogue => ("consulter le catalogue", "look up the catalogue"),
            A::EditCatalogue => (
                "modifier le catalogue et le stock",
                "edit the catalogue and stock",
            ),
            A::Invoices => (
                "gérer les factures et les paiements",
                "handle invoices and payments",
            ),
            A::Appointments => ("gérer les rendez-vous", "handle appointments"),
            A::Reports => ("consulter les rapports", "see the reports"),
            A::ManageUsers => ("gérer les utilisateurs", "manage users"),
            A::Settings => ("modifier les réglages", "change the settings"),
            A::ReadAudit => (
                "consulter le journal des modifications",
                "read the audit trail",
            ),
            A::Till => (
                "consulter les clôtures, le journal des événements, les archives et le FEC",
                "see the closures, the event journal, the archives and the FEC",
            ),
        };
        match locale {
            Locale::Fr => fr,
            Locale::En => en,
        }
    }
}

/// Whether someone holding `roles` may do `action`: the permission table.
pub fn permits(roles: Roles, action: Action) -> bool {
    use Action as A;
    let owner = roles.has(Role::Owner);
    let desk = roles.has(Role::FrontDesk);
    let mechanic = roles.has(Role::Mechanic);
    match action {
        A::Public => true,
        A::Station => !roles.is_empty(),
        A::ReadVehicles | A::RecordMileage | A::ReadCatalogue => owner || desk || mechanic,
        A::WorkJobs => owner || mechanic,
        A::ReadCustomers
        | A::EditCustomers
        | A::EditVehicles
        | A::ReadOrders
        | A::EditOrders
        | A::SeePrices
        | A::EditCatalogue
        | A::Invoices
        | A::Appointments => owner || desk,
        A::Reports | A::ManageUsers | A::Settings | A::ReadAudit | A::Till => owner,
    }
}

/// Every action someone holding `roles` may do, in the order of
/// [`Action::ALL`]: what the UI offers a signed-in person, decided by
/// [`permits`] and nothing else.
pub fn permitted(roles: Roles) -> Vec<Action> {
    Action::ALL
        .into_iter()
        .filter(|a| permits(roles, *a))
        .collect()
}

/// The person acting: a signed-in user, or the system itself (the command
/// line run by whoever administers the machine, migrations, tests).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Actor {
    /// The user, or `None` for the system.
    pub user: Option<UserId>,
    /// The name shown in histories.
    pub name: String,
    /// What they may do.
    pub roles: Roles,
}

impl Actor {
    /// The system: may do everything, named « Système » in histories.
    pub fn system() -> Actor {
        Actor {
            user: None,
            name: "Système".to_owned(),
            roles: Roles::of(&Role::ALL),
        }
    }

    /// Whether this actor may do `action`.
    pub fn may(&self, action: Action) -> bool {
        permits(self.roles, action)
    }

    /// Every action this actor may do ([`permitted`]).
    pub fn actions(&self) -> Vec<Action> {
        permitted(self.roles)
    }

    /// Refuses with [`Error::Forbidden`] unless this actor may do `action`.
    pub fn require(&self, action: Action) -> Result<()> {
        if self.may(action) {
            Ok(())
        } else {
            Err(Error::Forbidden { action })
        }
    }
}

/// Refuses `action` when nobody is signed in (`None`) or the person may not.
pub fn require(actor: Option<&Actor>, action: Action) -> Result<()> {
    match actor {
        Some(a) => a.require(action),
        None if action == Action::Public => Ok(()),
        None => Err(Error::NotSignedIn),
    }
}

/// Who is signed in at a workstation, and since when they last did anything.
///
/// After `idle_ms` without activity the session locks itself: the next
/// request is refused with [`Error::NotSignedIn`] and the screen goes back to
/// the switch screen. `idle_ms` of 0 never locks.
#[derive(Clone, Debug, Default)]
pub struct Session {
    actor: Option<Actor>,
    last_active_ms: u64,
}

impl Session {
    /// Signs `actor` in at `now_ms`.
    pub fn begin(&mut self, actor: Actor, now_ms: u64) {
        self.actor = Some(actor);
        self.last_active_ms = now_ms;
    }

    /// Locks the workstation: nobody is signed in any more.
    pub fn lock(&mut self) {
        self.actor = None;
    }

    /// The person signed in, if the session has not gone idle by `now_ms`.
    pub fn current(&mut self, now_ms: u64, idle_ms: u64) -> Option<&Actor> {
        if idle_ms > 0 && now_ms.saturating_sub(self.last_active_ms) >= idle_ms {
            self.actor = None;
        }
        self.actor.as_ref()
    }

    /// Checks that whoever is signed in may do `action` at `now_ms`, and
    /// counts it as activity. Public actions need nobody and do not count.
    pub fn authorize(
        &mut self,
        action: Action,
        now_ms: u64,
        idle_ms: u64,
    ) -> Result<Option<Actor>> {
        if action == Action::Public {
            return Ok(self.current(now_ms, idle_ms).cloned());
        }
        let actor = self.current(now_ms, idle_ms).cloned();
        require(actor.as_ref(), action)?;
        self.last_active_ms = now_ms;
        Ok(actor)
    }
}

/// Names `actor` as the author of every write on `conn` from now on: the
/// audit entry of each operation takes its user from here ([`author`]).
/// `None` means the system.
pub fn set_author(conn: &Connection, actor: Option<&Actor>) -> Result<()> {
    conn.prepare_cached("UPDATE temp.author SET user_id = ?1, user_name = ?2")?
        .execute((
            actor.and_then(|a| a.user).map(|u| u.to_string()),
            actor.map(|a| a.name.as_str()),
        ))?;
    Ok(())
}

/// The author of writes on `conn`: user id and name, both `None` for the system.
pub(crate) fn author(conn: &Connection) -> Result<(Option<String>, Option<String>)> {
    Ok(conn
        .prepare_cached("SELECT user_id, user_name FROM temp.author")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((None, None)))
}

/// The author of writes on `conn` as an actor, `None` for the system (roles
/// are not kept there: only who, for the trail).
pub(crate) fn author_actor(conn: &Connection) -> Result<Option<Actor>> {
    let (user, name) = author(conn)?;
    Ok(name.map(|name| Actor {
        user: user.and_then(|u| u.parse().ok()),
        name,
        roles: Roles::NONE,
    }))
}

/// Creates the per-connection table naming the author of writes (no one yet).
pub(crate) fn init_author(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS author (user_id TEXT, user_name TEXT);
         INSERT INTO temp.author SELECT NULL, NULL WHERE NOT EXISTS (SELECT 1 FROM temp.author);",
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The matrix the issue states, written out independently of `permits`.
    fn expected(role: Role, action: Action) -> bool {
        use Action as A;
        match role {
            Role::Owner => true,
            Role::FrontDesk => !matches!(
                action,
                A::WorkJobs | A::Reports | A::ManageUsers | A::Settings | A::ReadAudit | A::Till
            ),
            Role::Mechanic => matches!(
                action,
                A::Public
                    | A::Station
                    | A::ReadVehicles
                    | A::RecordMileage
                    | A::ReadCatalogue
                    | A::WorkJobs
            ),
        }
    }

    #[test]
    fn every_action_for_every_single_role_follows_the_table() {
        for role in Role::ALL {
            for action in Action::ALL {
                assert_eq!(
                    permits(Roles::of(&[role]), action),
                    expected(role, action),
                    "{role:?} × {action:?}"
                );
            }
        }
    }

    #[test]
    fn several_roles_may_do_what_any_of_them_may() {
        let both = Roles::of(&[Role::FrontDesk, Role::Mechanic]);
        for action in Action::ALL {
            assert_eq!(
                permits(both, action),
                expected(Role::FrontDesk, action) || expected(Role::Mechanic, action),
                "{action:?}"
            );
        }
    }

    #[test]
    fn nobody_signed_in_may_only_do_public_things() {
        for action in Action::ALL {
            let allowed = require(None, action).is_ok();
            assert_eq!(allowed, action == Action::Public, "{action:?}");
        }
        assert!(!permits(Roles::NONE, Action::Station));
    }

    #[test]
    fn mechanics_never_see_prices_invoices_or_reports() {
        let mechanic = Actor {
            user: Some(UserId::new()),
            name: "Karim".into(),
            roles: Roles::of(&[Role::Mechanic]),
        };
        for action in [Action::SeePrices, Action::Invoices, Action::Reports] {
            let err = mechanic.require(action).unwrap_err();
            assert_eq!(err.code(), "forbidden");
        }
    }

    #[test]
    fn the_permitted_list_is_exactly_what_permits_allows() {
        for bits in 0..8 {
            let roles = Roles::from_bits(bits);
            let listed = permitted(roles);
            for action in Action::ALL {
                assert_eq!(
                    listed.contains(&action),
                    permits(roles, action),
                    "{roles:?} × {action:?}"
                );
            }
        }
    }

    #[test]
    fn a_mechanics_list_has_no_invoice_price_or_order_actions() {
        let mechanic = Actor {
            user: Some(UserId::new()),
            name: "Karim".into(),
            roles: Roles::of(&[Role::Mechanic]),
        };
        let actions = mechanic.actions();
        for never in [
            Action::Invoices,
            Action::SeePrices,
            Action::ReadOrders,
            Action::EditOrders,
            Action::Reports,
            Action::Settings,
        ] {
            assert!(!actions.contains(&never), "{never:?} in {actions:?}");
        }
        assert!(actions.contains(&Action::WorkJobs), "the bench is theirs");
        assert_eq!(
            serde_json::to_value(&actions).unwrap(),
            serde_json::json!([
                "public",
                "station",
                "read_vehicles",
                "record_mileage",
                "work_jobs",
                "read_catalogue"
            ]),
            "the UI reads the actions by these names"
        );
    }

    #[test]
    fn the_front_desk_list_has_invoices_but_not_the_bench_or_the_owners_screens() {
        let desk = permitted(Roles::of(&[Role::FrontDesk]));
        assert!(desk.contains(&Action::Invoices) && desk.contains(&Action::SeePrices));
        for never in [
            Action::WorkJobs,
            Action::Reports,
            Action::ManageUsers,
            Action::Settings,
            Action::ReadAudit,
        ] {
            assert!(!desk.contains(&never), "{never:?}");
        }
        assert_eq!(permitted(Roles::of(&Role::ALL)), Action::ALL.to_vec());
        assert_eq!(permitted(Roles::NONE), vec![Action::Public]);
    }

    #[test]
    fn a_session_locks_itself_after_the_idle_time() {
        let mut session = Session::default();
        let desk = Actor {
            user: Some(UserId::new()),
            name: "Léa".into(),
            roles: Roles::of(&[Role::FrontDesk]),
        };
        assert_eq!(
            session
                .authorize(Action::ReadCustomers, 0, 60_000)
                .unwrap_err()
                .code(),
            "not_signed_in"
        );
        session.begin(desk.clone(), 1_000);
        // Activity keeps it open: each request restarts the count.
        for t in [30_000, 80_000, 130_000] {
            assert_eq!(
                session.authorize(Action::ReadCustomers, t, 60_000).unwrap(),
                Some(desk.clone())
            );
        }
        assert_eq!(
            session
                .authorize(Action::Reports, 131_000, 60_000)
                .unwrap_err()
                .code(),
            "forbidden"
        );
        // A public request (the status bar's polling) is not activity.
        session.authorize(Action::Public, 189_000, 60_000).unwrap();
        assert_eq!(
            session
                .authorize(Action::ReadCustomers, 190_000, 60_000)
                .unwrap_err()
                .code(),
            "not_signed_in"
        );
        assert_eq!(session.current(190_000, 60_000), None, "it stays locked");
        // Never locks when the idle time is 0.
        session.begin(desk.clone(), 0);
        assert!(
            session
                .authorize(Action::ReadCustomers, u64::MAX / 2, 0)
                .is_ok()
        );
        session.lock();
        assert!(session.authorize(Action::Station, 1, 0).is_err());
    }

    #[test]
    fn roles_round_trip_through_their_bits_and_json() {
        let r = Roles::of(&[Role::Owner, Role::Mechanic]);
        assert_eq!(Roles::from_bits(i64::from(r.bits())), r);
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(json, r#"["owner","mechanic"]"#);
        assert_eq!(serde_json::from_str::<Roles>(&json).unwrap(), r);
    }
}
