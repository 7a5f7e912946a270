//! The order of the checks every question goes through, and which right
//! each intent needs: words that cannot be answered first (nothing is
//! read), then what was not understood, then the person's rights, then
//! the intent's answer.

use rusqlite::Connection;

use super::context::{Cx, Reply, Stop};
use super::{
    Answer, AnswerKind, Asker, actions, ask, money, orders, people, planning, reports, stock,
};
use crate::Result;
use crate::access::Action;
use crate::assistant::intents::ALL;
use crate::assistant::{Intent, Problem, Understanding};

/// Answers `understood` for `asker` from the station's data. Reads only.
pub fn answer(conn: &Connection, asker: &Asker, understood: &Understanding) -> Result<Answer> {
    let cx = Cx::new(conn, asker, understood);
    if let Some(problem) = &understood.problem {
        return Ok(problematic(&cx, problem));
    }
    if understood.intent == Intent::Unknown {
        return Ok(not_understood(&cx));
    }
    if let Some(action) = right(&cx) {
        return Ok(cx.refusal(action));
    }
    match by_intent(&cx) {
        Ok(answer) => Ok(answer),
        Err(Stop::Said(answer)) => Ok(*answer),
        Err(Stop::Failed(e)) => Err(e),
    }
}

/// The right `intent` needs, as the screen behind it requires it
/// (src-tauri's permission table); `None` for what anyone signed in may
/// ask. Whoever works at the bench may ask where an order stands (without
/// its prices), and the front desk a mechanic's jobs.
fn right(cx: &Cx<'_>) -> Option<Action> {
    use Action as A;
    use Intent::*;
    let needs = |action: Action| (!cx.may(action)).then_some(action);
    let either = |a: Action, b: Action| (!cx.may(a) && !cx.may(b)).then_some(a);
    match cx.understood.intent {
        OrderStatus => either(A::ReadOrders, A::WorkJobs),
        MyJobs if cx.slots().mechanic.is_some() => either(A::WorkJobs, A::ReadOrders),
        MyJobs => needs(A::WorkJobs),
        OrdersByStatus | CustomerHistory | PendingEstimates | DeferredWork | ReadyToInvoice => {
            needs(A::ReadOrders)
        }
        Appointments | FreeSlots | RemindersDue | NextService | StaffAbsent | BookAppointment
        | SendReminder => needs(A::Appointments),
        FindCustomer | CustomerContact => needs(A::ReadCustomers),
        FindVehicle | VehicleInfo => needs(A::ReadVehicles),
        UnpaidInvoices | FindInvoice | CashToday | RecordPayment => needs(A::Invoices),
        StockLevel => needs(A::ReadCatalogue),
        // The purchasing screen's: the low-stock list carries costs.
        LowStock | PendingPurchases => needs(A::EditCatalogue),
        Revenue | Productivity | VatCollected | PartsSales => needs(A::Reports),
        NewEstimate => needs(A::EditOrders),
        NewCustomer => needs(A::EditCustomers),
        DaySummary => needs(A::Station),
        Help | OpeningHours | Unknown => None,
    }
}

/// Whether the person may ask what `intent` answers.
fn may_ask(cx: &Cx<'_>, intent: Intent) -> bool {
    let as_if = Understanding {
        intent,
        slots: cx.slots().clone(),
        alternatives: Vec::new(),
        problem: None,
    };
    right(&Cx::new(cx.conn, cx.asker, &as_if)).is_none()
}

fn by_intent(cx: &Cx<'_>) -> Reply {
    use Intent::*;
    match cx.understood.intent {
        OrderStatus => orders::status(cx),
        OrdersByStatus => orders::by_status(cx),
        MyJobs => orders::my_jobs(cx),
        PendingEstimates => orders::pending_estimates(cx),
        DeferredWork => orders::deferred(cx),
        ReadyToInvoice => orders::ready_to_invoice(cx),
        CustomerHistory => orders::history(cx),
        Appointments => planning::appointments(cx),
        FreeSlots => planning::free_slots(cx),
        RemindersDue => planning::reminders(cx),
        NextService => planning::next_service(cx),
        StaffAbsent => planning::absent(cx),
        OpeningHours => planning::opening_hours(cx),
        FindCustomer => people::find_customer(cx),
        FindVehicle => people::find_vehicle(cx),
        CustomerContact => people::contact(cx),
        VehicleInfo => people::vehicle_info(cx),
        UnpaidInvoices => money::unpaid(cx),
        FindInvoice => money::find_invoice(cx),
        CashToday => money::cash(cx),
        StockLevel => stock::level(cx),
        LowStock => stock::low(cx),
        PendingPurchases => stock::purchases(cx),
        Revenue => reports::revenue(cx),
        Productivity => reports::productivity(cx),
        VatCollected => reports::vat(cx),
        PartsSales => reports::parts(cx),
        DaySummary => reports::day(cx),
        BookAppointment => actions::book(cx),
        NewEstimate => actions::estimate(cx),
        SendReminder => actions::reminder(cx),
        NewCustomer => actions::customer(cx),
        RecordPayment => actions::payment(cx),
        Help => Ok(help(cx)),
        Unknown => Ok(not_understood(cx)),
    }
}

/// Examples of the intents the person may ask, among `intents`.
fn examples(cx: &Cx<'_>, intents: &[Intent]) -> Vec<String> {
    intents
        .iter()
        .filter(|i| may_ask(cx, **i))
        .map(|i| ask::example(*i, cx.locale()).to_owned())
        .collect()
}

/// What to try when nothing more precise is known.
const GENERIC: &[Intent] = &[
    Intent::Appointments,
    Intent::OrderStatus,
    Intent::MyJobs,
    Intent::UnpaidInvoices,
    Intent::StockLevel,
    Intent::Help,
];

fn generic(cx: &Cx<'_>) -> Vec<String> {
    examples(cx, GENERIC).into_iter().take(4).collect()
}

/// Words that cannot be answered: said so, with questions to try.
fn problematic(cx: &Cx<'_>, problem: &Problem) -> Answer {
    let text = match problem {
        Problem::Empty => cx.w.empty.to_owned(),
        Problem::TooLong => (cx.w.too_long)(crate::assistant::words::MAX_CHARS),
        Problem::ImpossibleDate { said } => (cx.w.impossible_date)(said),
    };
    let mut answer = cx.say(AnswerKind::Invalid, text);
    answer.suggestions = generic(cx);
    answer
}

/// « Je n’ai pas compris », with an example of each intent that came
/// close (those the person may ask), or of the usual ones.
fn not_understood(cx: &Cx<'_>) -> Answer {
    let mut answer = cx.say(AnswerKind::NotUnderstood, cx.w.not_understood.to_owned());
    answer.suggestions = examples(cx, &cx.understood.alternatives);
    if answer.suggestions.is_empty() {
        answer.suggestions = generic(cx);
    }
    answer
}

/// What the assistant can do for this person: an example of each intent
/// they may ask.
fn help(cx: &Cx<'_>) -> Answer {
    let mut answer = cx.answered(cx.w.help.to_owned());
    let all: Vec<Intent> = ALL.iter().copied().filter(|i| *i != Intent::Help).collect();
    answer.suggestions = examples(cx, &all);
    answer
}
