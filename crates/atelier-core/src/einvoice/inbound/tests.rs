//! Suppliers' e-invoices: read, stored, matched, accepted.
