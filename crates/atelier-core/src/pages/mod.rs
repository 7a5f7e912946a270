//! Pages that gather several areas: what one screen shows about a record,
//! drawn from each area that holds part of it. They sit above the areas, so
//! no area needs another to show itself (the customer page lists the
//! customer's orders; the orders area knows nothing of it).

pub mod code;
pub mod customer;
pub mod dashboard;
pub mod search;
