-- A business customer's electronic invoicing address in the French
-- directory (scheme 0225), when it is not their SIREN: a service or a
-- department of the company (e.g. 732829320_COMPTA). NULL: their SIREN,
-- which is what an issued invoice then states (BT-49).
ALTER TABLE customers ADD COLUMN einvoice_address TEXT;
