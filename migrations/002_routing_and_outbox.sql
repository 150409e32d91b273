-- Offices that receive letters, the rules that route letters to them, and the
-- outbox every email passes through.

CREATE TABLE offices (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code        text NOT NULL UNIQUE CHECK (code ~ '^[a-z][a-z0-9-]{1,39}$'),
  name_cyrl   text NOT NULL,
  name_latn   text NOT NULL,
  name_en     text NOT NULL,
  inbox_email text NOT NULL,
  is_default  boolean NOT NULL DEFAULT false,
  active      boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
-- Exactly one office takes what no rule matches.
CREATE UNIQUE INDEX offices_one_default ON offices (is_default) WHERE is_default;

-- A rule matches when every condition it sets holds (keywords: any one of them,
-- as a whole word or phrase after folding script, case and diacritics). Rules
-- are tried by position; the first match wins.
CREATE TABLE routing_rules (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  position           integer NOT NULL,
  office_id          bigint NOT NULL REFERENCES offices (id),
  description        text NOT NULL,
  categories         text[],
  keywords           text[],
  municipality_codes text[],
  abroad             boolean,
  active             boolean NOT NULL DEFAULT true,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CHECK (categories IS NOT NULL OR keywords IS NOT NULL OR municipality_codes IS NOT NULL OR abroad IS NOT NULL)
);
CREATE INDEX routing_rules_order ON routing_rules (position, id) WHERE active;

ALTER TABLE submissions
  ADD COLUMN office_id bigint REFERENCES offices (id),
  ADD COLUMN routed_rule_id bigint REFERENCES routing_rules (id),
  ADD COLUMN routed_at timestamptz;

CREATE INDEX submissions_awaiting_route ON submissions (received_at) WHERE status = 'received';

-- One row per email: (letter, kind, recipient) is unique, so routing twice
-- cannot write a second message. The mail worker claims a row (sending, with a
-- lease) before it talks to SMTP and marks it sent after.
CREATE TABLE outbox (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  submission_id   bigint NOT NULL REFERENCES submissions (id),
  kind            text NOT NULL CHECK (kind IN ('office_notification', 'acknowledgement')),
  recipient       text NOT NULL,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  message_id      text NOT NULL UNIQUE,
  subject         text NOT NULL,
  body_text       text NOT NULL,
  body_html       text NOT NULL,
  attempts        integer NOT NULL DEFAULT 0,
  last_error      text,
  lease_until     timestamptz,
  smtp_message_id text,
  sent_at         timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (submission_id, kind, recipient)
);
CREATE INDEX outbox_unfinished ON outbox (updated_at) WHERE status IN ('pending', 'sending');

INSERT INTO offices (code, name_cyrl, name_latn, name_en, inbox_email, is_default) VALUES
  ('citizens', 'Служба за представке и притужбе грађана', 'Služba za predstavke i pritužbe građana',
   'Citizens'' Correspondence Service', 'gradjani@president.example', true),
  ('legal', 'Служба за правне послове и помиловања', 'Služba za pravne poslove i pomilovanja',
   'Legal Affairs and Pardons', 'pravna-sluzba@president.example', false),
  ('social', 'Служба за социјална и хуманитарна питања', 'Služba za socijalna i humanitarna pitanja',
   'Social and Humanitarian Affairs', 'socijalna-pitanja@president.example', false),
  ('protocol', 'Служба протокола', 'Služba protokola', 'Protocol', 'protokol@president.example', false),
  ('press', 'Служба за односе с јавношћу', 'Služba za odnose s javnošću', 'Press and Media',
   'press@president.example', false),
  ('kosovo', 'Служба за Косово и Метохију', 'Služba za Kosovo i Metohiju', 'Kosovo and Metohija Affairs',
   'kim@president.example', false);

INSERT INTO routing_rules (position, office_id, description, categories, keywords, municipality_codes, abroad)
SELECT r.position, o.id, r.description, r.categories, r.keywords, r.municipality_codes, r.abroad
FROM (VALUES
  (10, 'legal', 'Petitions for pardon', ARRAY['pardon'], NULL::text[], NULL::text[], NULL::boolean),
  (20, 'legal', 'Letters about pardons, sentences and court cases', NULL,
   ARRAY['pomilovanje', 'pomilovanja', 'pomilovanju', 'amnestija', 'presuda', 'presude', 'kazna', 'kazne',
         'zatvor', 'zatvoru', 'osudjen', 'osudjena', 'sud', 'suda', 'sudski postupak'], NULL, NULL),
  (30, 'social', 'Requests for social or humanitarian assistance', ARRAY['assistance'], NULL, NULL, NULL),
  (40, 'social', 'Letters asking for help with treatment, housing or subsistence', NULL,
   ARRAY['humanitarna pomoc', 'socijalna pomoc', 'novcana pomoc', 'jednokratna pomoc', 'lecenje', 'lecenja',
         'operacija', 'operaciju', 'invaliditet', 'beskucnik', 'stan za', 'nezaposlen', 'nezaposlena'], NULL, NULL),
  (50, 'protocol', 'Invitations', ARRAY['invitation'], NULL, NULL, NULL),
  (60, 'protocol', 'Letters mentioning invitations, visits or audiences', NULL,
   ARRAY['poziv', 'pozivnica', 'pozivamo', 'poseta', 'posetu', 'prijem kod predsednika', 'audijencija'], NULL, NULL),
  (70, 'press', 'Media enquiries', ARRAY['media'], NULL, NULL, NULL),
  (80, 'press', 'Letters from journalists', NULL,
   ARRAY['intervju', 'novinar', 'novinarka', 'redakcija', 'izjava za medije', 'akreditacija'], NULL, NULL),
  (90, 'kosovo', 'Letters from Kosovo and Metohija', NULL, NULL,
   ARRAY['glogovac', 'kosovo-polje', 'kacanik', 'lipljan', 'obilic', 'podujevo', 'pristina', 'urosevac',
         'stimlje', 'strpce', 'decani', 'djakovica', 'istok', 'klina', 'pec', 'gora', 'orahovac', 'prizren',
         'suva-reka', 'vucitrn', 'zvecan', 'zubin-potok', 'kosovska-mitrovica', 'leposavic', 'srbica', 'vitina',
         'gnjilane', 'kosovska-kamenica', 'novo-brdo'], NULL),
  (100, 'kosovo', 'Letters about Kosovo and Metohija', NULL,
   ARRAY['kosovo', 'kosova', 'kosovu', 'metohija', 'metohije', 'metohiji', 'kim'], NULL, NULL)
) AS r(position, office_code, description, categories, keywords, municipality_codes, abroad)
JOIN offices o ON o.code = r.office_code;

-- The tracking token in plain text exists only until the acknowledgement that
-- carries it has been sent (or has failed for good); then only its hash is left.
ALTER TABLE submissions ADD COLUMN tracking_token_pending text;
