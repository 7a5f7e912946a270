//! Every sentence the assistant answers with, in French and in English. A
//! text missing in one language does not compile. Amounts, dates and
//! distances come formatted (`Money::format`, `text::format_date`,
//! `text::format_km`); the refusals' ends are `access::Action::phrase`.
//! The French sentences are in `words/fr.rs`, the English in `words/en.rs`.

mod en;
mod fr;

use atelier_domain::Locale;

use crate::invoices::InvoiceStatus;
use crate::stock::{PurchaseStatus, Unit};
use crate::vehicles::Fuel;

type S = &'static str;
type F1 = fn(&str) -> String;
type F2 = fn(&str, &str) -> String;
type F3 = fn(&str, &str, &str) -> String;
type N = fn(usize) -> String;

/// The assistant's sentences in one language.
pub(super) struct Words {
    // What the words themselves do not allow.
    pub empty: S,
    pub too_long: fn(max: usize) -> String,
    pub impossible_date: F1,
    pub not_understood: S,
    pub refused: F1,
    pub help: S,
    // Asking back, and what does not exist.
    pub which_car: S,
    pub which_customer_q: S,
    pub which_invoice: S,
    pub which_part: S,
    pub which_customer: fn(count: usize, capped: bool, name: &str) -> String,
    pub which_vehicle: N,
    pub which_invoice_of: N,
    pub no_customer: F1,
    pub no_customer_with: F1,
    pub no_plate: F1,
    pub no_vin: F1,
    pub no_vehicle_named: F1,
    pub too_many_vehicles: fn(count: usize, said: &str) -> String,
    pub has_no_car: F1,
    pub has_no_such_car: F2,
    pub no_document: F1,
    pub not_an_order: F1,
    pub not_invoiced: F1,
    pub no_mechanic: F1,
    // Dates, times, amounts in a sentence.
    pub on_day: F1,
    pub from_to: F2,
    pub at_time: F2,
    pub weekdays: [S; 7],
    pub incl_vat: F1,
    pub excl_vat: F1,
    pub percent: fn(bp: i64) -> String,
    pub hours: F1,
    pub more: N,
    // The screens' names, as links say them.
    pub orders_screen: S,
    pub bench_screen: S,
    pub planning_screen: S,
    pub invoices_screen: S,
    pub till_screen: S,
    pub reorder_screen: S,
    pub purchases_screen: S,
    pub reports_screen: S,
    pub home_screen: S,
    // Orders.
    pub order_state: F3,
    pub steps_done: fn(done: u32, total: u32) -> String,
    pub promised: F1,
    pub nothing_open: fn(whom: &str, last: Option<&str>) -> String,
    pub last_visit: F2,
    pub open_orders: fn(count: usize, whom: &str) -> String,
    pub orders_of_status: fn(count: usize, status: Option<&str>) -> String,
    pub ready_to_invoice: fn(count: usize, total: &str) -> String,
    pub pending_estimates:
        fn(count: usize, days: Option<u32>, whom: Option<&str>, total: &str) -> String,
    pub jobs: fn(count: usize, mechanic: Option<&str>, day: &str) -> String,
    pub recommendation: fn(what: &str, urgent: bool, since: &str, car: &str) -> String,
    pub recommended: fn(count: usize, whom: &str) -> String,
    pub visits: fn(count: usize, whom: &str, last: Option<&str>) -> String,
    // Planning.
    pub appointments_on: fn(count: usize, span: &str) -> String,
    pub appointments_of: fn(count: usize, name: &str) -> String,
    pub free_slots: fn(count: usize, minutes: u32, work: Option<&str>) -> String,
    pub reminders: fn(count: usize, overdue: usize, only_overdue: bool, until: &str) -> String,
    pub reminder: fn(rule: &str, customer: &str, car: &str, due: &str, overdue: bool) -> String,
    pub next_service: fn(car: &str, rule: &str, due: &str, overdue: bool) -> String,
    pub no_service_due: F1,
    pub opening_hours: S,
    pub no_hours: S,
    pub closed: S,
    pub day_hours: F2,
    pub open_on: F2,
    pub closed_on: F1,
    pub absent: fn(count: usize, span: &str) -> String,
    pub day_off: S,
    pub rest_day: S,
    // Customers and vehicles.
    pub customer_card: fn(name: &str, reach: &str, vehicles: usize, open: usize) -> String,
    pub vehicle_card: fn(car: &str, owner: Option<&str>, km: Option<&str>) -> String,
    pub contact: F1,
    pub no_contact: F1,
    pub phone: F1,
    pub email: F1,
    pub address: F1,
    pub mileage: F3,
    pub no_mileage: F1,
    pub vin: F1,
    pub first_registration: F1,
    pub engine: F1,
    pub fuel: fn(Fuel) -> &'static str,
    // Invoices and the till.
    pub draft: S,
    pub invoice_state: fn(InvoiceStatus, gross: &str, balance: &str, days_overdue: i64) -> String,
    pub unpaid: fn(count: usize, days: Option<u32>, whom: Option<&str>, total: &str) -> String,
    pub invoice_found: F1,
    pub invoices: fn(count: usize, whom: &str) -> String,
    pub cash: F2,
    pub method_total: fn(method: &str, total: &str, count: u32) -> String,
    // Stock.
    pub quantity: fn(quantity: &str, unit: Unit, plural: bool) -> String,
    pub no_part: F1,
    pub on_hand: F2,
    pub parts_found: fn(count: usize, said: &str) -> String,
    pub low_stock: N,
    pub stock_and_minimum: F2,
    pub purchases: fn(count: usize, supplier: Option<&str>) -> String,
    pub purchase_state: fn(PurchaseStatus, lines: usize, received: usize) -> String,
    pub sent_on: F1,
    // Reports and the day.
    pub revenue: fn(span: &str, net: &str, gross: &str, invoices: u32) -> String,
    pub labour: F1,
    pub parts: F1,
    pub other: F1,
    pub average_order: fn(orders: u32, average: &str) -> String,
    pub productivity: fn(
        span: &str,
        name: Option<&str>,
        efficiency: Option<&str>,
        billed: &str,
        clocked: &str,
    ) -> String,
    pub mechanic_hours:
        fn(name: &str, billed: &str, clocked: &str, efficiency: Option<&str>, jobs: u32) -> String,
    pub vat: F3,
    pub vat_rate: F3,
    pub parts_used: fn(span: &str, count: usize) -> String,
    pub summary: F1,
    pub summary_appointments: N,
    pub summary_cars: fn(cars: u32, waiting_parts: u32) -> String,
    pub summary_approvals: fn(u32) -> String,
    pub summary_unpaid: fn(count: u32, total: &str, overdue: u32) -> String,
    pub summary_low_stock: fn(u32) -> String,
    pub summary_jobs: N,
    pub summary_revenue: F2,
    // Actions.
    pub work_label: fn(&str) -> String,
    pub booking: fn(who: Option<&str>, when: Option<&str>, slot: Option<&str>) -> String,
    pub slot_free: F1,
    pub slot_taken: F1,
    pub no_slot: S,
    pub new_estimate: fn(who: Option<&str>) -> String,
    pub send_reminder: fn(who: Option<&str>) -> String,
    pub new_customer: fn(name: Option<&str>, known: usize) -> String,
    pub payment: fn(amount: &str, number: &str, customer: &str, left: &str) -> String,
    pub nothing_to_pay: F1,
    pub already_paid: F1,
    pub left_to_pay: F1,
}

/// The sentences in `locale`.
pub(super) fn words(locale: Locale) -> &'static Words {
    match locale {
        Locale::Fr => &fr::FR,
        Locale::En => &en::EN,
    }
}
