//! The assistant's sentences in English.

use super::Words;
use crate::invoices::InvoiceStatus;
use crate::stock::{PurchaseStatus, Unit};
use crate::vehicles::Fuel;

/// « 3 invoices », « 1 invoice ».
fn n(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}

/// « No invoice » for none, else as [`n`].
fn none_or(count: usize, none: &str, one: &str, many: &str) -> String {
    if count == 0 {
        none.to_owned()
    } else {
        n(count, one, many)
    }
}

pub(super) const EN: Words = Words {
    empty: "Ask a question, for example one of these.",
    too_long: |max| {
        format!("Your question is too long ({max} characters at most): ask it in a few words.")
    },
    impossible_date: |said| format!("“{said}” is not a date that exists: nothing was done."),
    not_understood: "I did not understand. Try for example:",
    refused: |what| format!("Sorry, you may not {what}: ask the person who runs the workshop."),
    help: "Ask me about the workshop in a few words, for example:",
    which_car: "Which car do you mean? Give its plate or the customer's name.",
    which_customer_q: "Which customer do you mean? Give their name, phone or a plate.",
    which_invoice: "Which invoice? Give its number, the customer or the date.",
    which_part: "Which part? Give its reference or its name.",
    which_customer: |count, capped, name| {
        let many = if capped {
            format!("At least {count} customers")
        } else {
            format!("{count} customers")
        };
        format!("{many} match “{name}”: which one?")
    },
    which_vehicle: |count| format!("{count} vehicles match: which one?"),
    which_invoice_of: |count| format!("{count} invoices are left to pay: which one?"),
    no_customer: |name| format!("No customer is called “{name}”."),
    no_customer_with: |said| format!("No customer has “{said}” on their record."),
    no_plate: |plate| format!("No vehicle is registered {plate}."),
    no_vin: |end| format!("No vehicle has a VIN ending in {end}."),
    no_vehicle_named: |said| format!("No “{said}” in the workshop."),
    too_many_vehicles: |count, said| {
        format!("{count} “{said}” vehicles: give the plate or the customer's name.")
    },
    has_no_car: |name| format!("{name} has no vehicle on record."),
    has_no_such_car: |name, said| format!("{name} has no “{said}”."),
    no_document: |number| format!("No document is numbered {number}."),
    not_an_order: |number| format!("{number} is an invoice, not a repair order."),
    not_invoiced: |number| format!("{number} is not invoiced yet."),
    no_mechanic: |name| format!("No mechanic is called “{name}”."),
    on_day: |day| format!("on {day}"),
    from_to: |from, to| format!("from {from} to {to}"),
    at_time: |day, time| format!("{day} at {time}"),
    weekdays: [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ],
    incl_vat: |m| format!("{m} incl. VAT"),
    excl_vat: |m| format!("{m} excl. VAT"),
    percent: |bp| format!("{}%", (bp + 50).div_euclid(100)),
    hours: |h| format!("{h} h"),
    more: |count| format!("… and {count} more"),
    orders_screen: "Repair orders",
    bench_screen: "Bench",
    planning_screen: "Planning",
    invoices_screen: "Invoices",
    till_screen: "Till",
    reorder_screen: "Reordering",
    purchases_screen: "Supplier orders",
    reports_screen: "Reports",
    home_screen: "Home",
    order_state: |car, number, state| format!("{car} ({number}): {state}."),
    steps_done: |done, total| format!("{done} of {total} steps done"),
    promised: |at| format!("promised for {at}"),
    nothing_open: |whom, last| match last {
        Some(last) => format!("No work under way for {whom}. {last}"),
        None => format!("No work under way for {whom}."),
    },
    last_visit: |number, day| format!("Last visit: {number}, on {day}."),
    open_orders: |count, whom| format!("{} for {whom}.", n(count, "open order", "open orders")),
    orders_of_status: |count, status| match status {
        Some(s) => format!("{}: {s}.", none_or(count, "No order", "order", "orders")),
        None => format!(
            "{}.",
            none_or(count, "No open order", "open order", "open orders")
        ),
    },
    ready_to_invoice: |count, total| match count {
        0 => "No finished order to invoice.".to_owned(),
        _ => format!(
            "{} to invoice, {total} incl. VAT in all.",
            n(count, "finished order", "finished orders")
        ),
    },
    pending_estimates: |count, days, whom, total| {
        let since = days
            .map(|d| format!(" for more than {d} days"))
            .unwrap_or_default();
        let whom = whom.map(|w| format!(" for {w}")).unwrap_or_default();
        match count {
            0 => format!("No estimate waiting for an answer{since}{whom}."),
            _ => format!(
                "{} waiting for an answer{since}{whom}, {total} incl. VAT in all.",
                n(count, "estimate", "estimates")
            ),
        }
    },
    jobs: |count, mechanic, day| {
        let jobs = none_or(count, "No job", "job", "jobs");
        match mechanic {
            Some(m) => format!("{jobs} for {m} on {day}."),
            None => format!("{jobs} for you on {day}."),
        }
    },
    recommendation: |what, urgent, since, car| {
        let level = if urgent { "urgent" } else { "to watch" };
        format!("{what} ({level}, since {since}) · {car}")
    },
    recommended: |count, whom| {
        format!(
            "{} for {whom}.",
            none_or(
                count,
                "No recommended work",
                "recommended job",
                "recommended jobs"
            )
        )
    },
    visits: |count, whom, last| match last {
        Some(last) => format!(
            "{} for {whom}, the last on {last}.",
            n(count, "visit", "visits")
        ),
        None => format!("No visit on record for {whom}."),
    },
    appointments_on: |count, span| {
        format!(
            "{} {span}.",
            none_or(count, "No appointment", "appointment", "appointments")
        )
    },
    appointments_of: |count, name| match count {
        0 => format!("No appointment to come for {name}."),
        _ => format!("{} for {name}.", n(count, "appointment", "appointments")),
    },
    free_slots: |count, minutes, work| {
        let work = work.map(|w| format!(" ({w})")).unwrap_or_default();
        match count {
            0 => format!("No free slot of {minutes} min in the next 60 days."),
            _ => format!("Next free slots of {minutes} min{work}:"),
        }
    },
    reminders: |count, overdue, only_overdue, until| {
        if only_overdue {
            format!(
                "{}.",
                none_or(
                    count,
                    "No overdue reminder",
                    "overdue reminder",
                    "overdue reminders"
                )
            )
        } else if count == 0 {
            format!("No reminder due by {until}.")
        } else {
            format!(
                "{} by {until}, {overdue} of them overdue.",
                n(count, "reminder due", "reminders due")
            )
        }
    },
    reminder: |rule, customer, car, due, overdue| {
        let late = if overdue { " (overdue)" } else { "" };
        format!("{rule} · {customer} · {car} · due {due}{late}")
    },
    next_service: |car, rule, due, overdue| {
        if overdue {
            format!("{car}: {rule} overdue, due on {due}.")
        } else {
            format!("{car}: next due {rule}, on {due}.")
        }
    },
    no_service_due: |car| format!("No service planned for {car}."),
    opening_hours: "The workshop's hours:",
    no_hours: "The workshop's hours are not set (Settings, Planning).",
    closed: "closed",
    day_hours: |day, hours| format!("{day}: {hours}"),
    open_on: |day, hours| format!("The workshop is open on {day}: {hours}."),
    closed_on: |day| format!("The workshop is closed on {day}."),
    absent: |count, span| match count {
        0 => format!("Everyone is in {span}."),
        _ => format!("{} {span}:", n(count, "absence", "absences")),
    },
    day_off: "day off",
    rest_day: "not working",
    customer_card: |name, reach, vehicles, open| {
        let reach = if reach.is_empty() {
            String::new()
        } else {
            format!(" ({reach})")
        };
        format!(
            "{name}{reach}: {}, {}.",
            n(vehicles, "vehicle", "vehicles"),
            none_or(open, "no work under way", "job under way", "jobs under way")
        )
    },
    vehicle_card: |car, owner, km| {
        let owner = owner.map(|o| format!(", owned by {o}")).unwrap_or_default();
        let km = km.map(|k| format!(", {k}")).unwrap_or_default();
        format!("{car}{owner}{km}.")
    },
    contact: |name| format!("To reach {name}:"),
    no_contact: |name| format!("{name}'s record has no phone, e-mail or address."),
    phone: |p| format!("Phone: {p}"),
    email: |e| format!("E-mail: {e}"),
    address: |a| format!("Address: {a}"),
    mileage: |car, km, day| format!("{car}: {km}, read on {day}."),
    no_mileage: |car| format!("No mileage recorded for {car}."),
    vin: |vin| format!("VIN: {vin}"),
    first_registration: |day| format!("First registered: {day}"),
    engine: |e| format!("Engine: {e}"),
    fuel: |f| match f {
        Fuel::Petrol => "Petrol",
        Fuel::Diesel => "Diesel",
        Fuel::Hybrid => "Hybrid",
        Fuel::PluginHybrid => "Plug-in hybrid",
        Fuel::Electric => "Electric",
        Fuel::Lpg => "LPG",
        Fuel::Cng => "CNG",
        Fuel::Hydrogen => "Hydrogen",
        Fuel::Other => "Other fuel",
    },
    draft: "draft",
    invoice_state: |status, gross, balance, late| match status {
        InvoiceStatus::Draft => format!("draft, {gross}"),
        InvoiceStatus::Unpaid => format!("{gross}, to pay"),
        InvoiceStatus::PartlyPaid => format!("{balance} left of {gross}"),
        InvoiceStatus::Paid => format!("{gross}, paid"),
        InvoiceStatus::Overdue => format!(
            "{balance} left, {} overdue",
            n(late.unsigned_abs() as usize, "day", "days")
        ),
        InvoiceStatus::Cancelled => format!("{gross}, cancelled by a credit note"),
        InvoiceStatus::Issued => format!("credit note of {gross}"),
    },
    unpaid: |count, days, whom, total| {
        let since = days
            .map(|d| format!(" over {d} days old"))
            .unwrap_or_default();
        let whom = whom.map(|w| format!(" of {w}")).unwrap_or_default();
        match count {
            0 => format!("No unpaid invoice{since}{whom}."),
            _ => format!(
                "{}{since}{whom}, {total} in all.",
                n(count, "unpaid invoice", "unpaid invoices")
            ),
        }
    },
    invoice_found: |number| format!("Invoice {number}:"),
    invoices: |count, whom| {
        format!(
            "{} for {whom}.",
            none_or(count, "No invoice", "invoice", "invoices")
        )
    },
    cash: |total, span| format!("Taken {span}: {total}."),
    method_total: |method, total, count| {
        format!(
            "{method}: {total} ({})",
            n(count as usize, "payment", "payments")
        )
    },
    quantity: |q, unit, plural| {
        let name = match (unit, plural) {
            (Unit::Piece, false) => "piece",
            (Unit::Piece, true) => "pieces",
            (Unit::Litre, false) => "litre",
            (Unit::Litre, true) => "litres",
            (Unit::Set, false) => "set",
            (Unit::Set, true) => "sets",
        };
        format!("{q} {name}")
    },
    no_part: |said| format!("No part “{said}” in the catalogue."),
    on_hand: |part, quantity| format!("{part}: {quantity} in stock."),
    parts_found: |count, said| format!("{count} parts match “{said}”:"),
    low_stock: |count| {
        format!(
            "{}.",
            none_or(
                count,
                "No part under its minimum",
                "part under its minimum",
                "parts under their minimum"
            )
        )
    },
    stock_and_minimum: |on_hand, minimum| format!("{on_hand} in stock, minimum {minimum}"),
    purchases: |count, supplier| {
        let from = supplier.map(|s| format!(" from {s}")).unwrap_or_default();
        format!(
            "{}{from}.",
            none_or(
                count,
                "No supplier order waiting",
                "supplier order waiting",
                "supplier orders waiting"
            )
        )
    },
    purchase_state: |status, lines, received| match status {
        PurchaseStatus::Draft => format!("being prepared, {}", n(lines, "line", "lines")),
        PurchaseStatus::Sent => format!("sent, {}", n(lines, "line", "lines")),
        PurchaseStatus::Partial => format!("partly received, {received} of {lines} lines"),
        PurchaseStatus::Received => "received".to_owned(),
        PurchaseStatus::Cancelled => "cancelled".to_owned(),
    },
    sent_on: |day| format!("sent on {day}"),
    revenue: |span, net, gross, invoices| {
        format!(
            "Revenue {span}: {net} excl. VAT ({gross} incl. VAT), {}.",
            n(invoices as usize, "invoice", "invoices")
        )
    },
    labour: |m| format!("Labour: {m} excl. VAT"),
    parts: |m| format!("Parts: {m} excl. VAT"),
    other: |m| format!("Other: {m} excl. VAT"),
    average_order: |orders, average| {
        format!(
            "{} invoiced, {average} excl. VAT on average",
            n(orders as usize, "order", "orders")
        )
    },
    productivity: |span, name, efficiency, billed, clocked| {
        let who = name.map(|n| format!(" of {n}")).unwrap_or_default();
        match efficiency {
            Some(e) => {
                format!("Productivity{who} {span}: {e} ({billed} billed for {clocked} clocked).")
            }
            None => format!("No hours clocked{who} {span} ({billed} billed)."),
        }
    },
    mechanic_hours: |name, billed, clocked, efficiency, jobs| {
        let e = efficiency.map(|e| format!(", {e}")).unwrap_or_default();
        format!(
            "{name}: {billed} billed, {clocked} clocked{e}, {}",
            n(jobs as usize, "job done", "jobs done")
        )
    },
    vat: |span, tax, net| format!("VAT collected {span}: {tax} (on {net} excl. VAT)."),
    vat_rate: |rate, tax, net| format!("{rate}: {tax} of VAT on {net} excl. VAT"),
    parts_used: |span, count| match count {
        0 => format!("No part used {span}."),
        _ => format!("The parts used most {span}:"),
    },
    summary: |day| format!("The day of {day}:"),
    summary_appointments: |count| none_or(count, "no appointment", "appointment", "appointments"),
    summary_cars: |cars, waiting| {
        format!(
            "{} in the workshop, {waiting} waiting for parts",
            n(cars as usize, "car", "cars")
        )
    },
    summary_approvals: |count| {
        none_or(
            count as usize,
            "no estimate waiting",
            "estimate waiting",
            "estimates waiting",
        )
    },
    summary_unpaid: |count, total, overdue| {
        format!(
            "{} ({total}), {overdue} overdue",
            n(count as usize, "unpaid invoice", "unpaid invoices")
        )
    },
    summary_low_stock: |count| {
        none_or(
            count as usize,
            "no part to order",
            "part to order",
            "parts to order",
        )
    },
    summary_jobs: |count| format!("{} for you", none_or(count, "no job", "job", "jobs")),
    summary_revenue: |today, month| {
        format!("Revenue: {today} excl. VAT today, {month} excl. VAT this month")
    },
    work_label: |work| {
        match work {
            "vidange" => "Oil change",
            "revision" => "Service",
            "distribution" => "Timing belt",
            "freins" => "Brakes",
            "pneus" => "Tyres",
            "controle technique" => "Roadworthiness test (CT)",
            "climatisation" => "Air conditioning",
            "batterie" => "Battery",
            "embrayage" => "Clutch",
            "amortisseurs" => "Shock absorbers",
            "parallelisme" => "Wheel alignment",
            "echappement" => "Exhaust",
            "diagnostic" => "Diagnosis",
            other => return other.to_owned(),
        }
        .to_owned()
    },
    booking: |who, when, slot| {
        let who = who.map(|w| format!(" for {w}")).unwrap_or_default();
        let when = when.map(|w| format!(" on {w}")).unwrap_or_default();
        let slot = slot.map(|s| format!(" {s}")).unwrap_or_default();
        format!("Appointment to confirm{who}{when}.{slot}")
    },
    slot_free: |bay| format!("The slot is free ({bay})."),
    slot_taken: |next| format!("This slot is taken: the next free one is on {next}."),
    no_slot: "No free slot in the next 60 days.",
    new_estimate: |who| match who {
        Some(w) => format!("New estimate to open for {w}."),
        None => "New estimate to open.".to_owned(),
    },
    send_reminder: |who| match who {
        Some(w) => format!("Reminder to send to {w}."),
        None => "Reminder to send.".to_owned(),
    },
    new_customer: |name, known| {
        let name = name.map(|n| format!(": {n}")).unwrap_or_default();
        match known {
            0 => format!("New customer record to create{name}."),
            _ => format!(
                "New customer record to create{name}. Careful, a known customer looks alike:"
            ),
        }
    },
    payment: |amount, number, customer, left| {
        format!("Payment of {amount} to record on invoice {number} of {customer} ({left} left).")
    },
    nothing_to_pay: |name| format!("{name} has no invoice left to pay."),
    already_paid: |number| format!("Invoice {number} is paid already."),
    left_to_pay: |m| format!("{m} left"),
};
