-- The public holidays a site's forecasts know without a calendar entry:
-- 'auto' (those of the country of the site's time zone, when the product
-- has its rules), 'none', or a country code ('IL', 'US').
ALTER TABLE sites ADD COLUMN public_holidays TEXT NOT NULL DEFAULT 'auto';
