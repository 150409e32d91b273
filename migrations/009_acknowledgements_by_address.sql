-- Acknowledgements to one address are counted over the last 24 hours when a
-- letter is routed (at most ACK_PER_ADDRESS_PER_DAY in src/mail/acknowledgement-limit.ts).
CREATE INDEX outbox_acknowledgements_by_address ON outbox (lower(recipient), created_at) WHERE kind = 'acknowledgement';
