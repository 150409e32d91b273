-- Outgoing headers (the email channel). Each outbox row's Message-ID is now
-- `<ack|notify|reply.<outbox id>.<hmac>@domain>`, written with the row (the
-- id is reserved first), so a resend carries the same one and a reply or a
-- bounce naming it leads back to the row. A message that answers an email
-- (an acknowledgement or staff reply to a letter with incoming mail) names
-- the newest incoming message and the conversation before it, fixed when the
-- message is written so every attempt sends the same headers.
ALTER TABLE outbox
  ADD COLUMN in_reply_to text,
  -- Message-IDs separated by single spaces, oldest first, ending with in_reply_to.
  ADD COLUMN thread_references text;
