-- Firms that invoiced before terms by tier keep billing as they did: every tier bills each entry's recorded
-- amount (no further rounding, no minimum, no trip fee) and is due after the firm's own payment terms. The
-- tier defaults of 0012 are for firms made from now on; an owner adopts them in Settings → Billing.
UPDATE `firms` SET `tier_terms` = json_object(
  'micro', json_object('incrementMinutes', 1, 'minimumMinutes', 0, 'tripFeeCents', 0, 'paymentTermsDays', `payment_terms_days`),
  'emerging', json_object('incrementMinutes', 1, 'minimumMinutes', 0, 'tripFeeCents', 0, 'paymentTermsDays', `payment_terms_days`),
  'sweet_spot', json_object('incrementMinutes', 1, 'minimumMinutes', 0, 'tripFeeCents', 0, 'paymentTermsDays', `payment_terms_days`),
  'large', json_object('incrementMinutes', 1, 'minimumMinutes', 0, 'tripFeeCents', 0, 'paymentTermsDays', `payment_terms_days`)
);
