-- What every new workshop starts with: the Dutch VAT rates and one store to book orders on.
-- The shop renames the store in its settings (or `jobcard demo` fills in a demo shop).

INSERT INTO vat_rates (code, rate_bp, valid_from, valid_to) VALUES
    ('zero', 0,    '1969-01-01', NULL),
    ('low',  600,  '1986-10-01', '2018-12-31'),
    ('low',  900,  '2019-01-01', NULL),
    ('high', 1900, '1992-10-01', '2012-09-30'),
    ('high', 2100, '2012-10-01', NULL);

INSERT INTO stores (id, name, time_zone, created_at)
VALUES ('0190d1a0-0000-7000-8000-000000000001', 'Workshop', 'Europe/Amsterdam', '2026-01-01T00:00:00.000Z');
