-- The Dutch high rate was 17.5 % from 1992-10-01 and 19 % only from 2001-01-01 (then 21 %
-- from 2012-10-01). 0002 seeded 19 % from 1992; split that period.
UPDATE vat_rates SET valid_from = '2001-01-01'
 WHERE code = 'high' AND rate_bp = 1900 AND valid_from = '1992-10-01';
INSERT INTO vat_rates (code, rate_bp, valid_from, valid_to)
SELECT 'high', 1750, '1992-10-01', '2000-12-31'
 WHERE NOT EXISTS (SELECT 1 FROM vat_rates WHERE code = 'high' AND valid_from = '1992-10-01');
