import { describe, expect, it } from 'vitest';
import { ConfigError, DEVELOPMENT_MAIL_SIGNING_KEY, loadConfig } from '../../src/config.js';
import { inboundJobId, JOBS } from '../../src/queue/jobs.js';

describe('the email channel settings', () => {
  it('when MAIL_REPLY_ADDRESS is unset, then it is pisma@ the domain of MAIL_FROM', () => {
    expect(loadConfig({}).mailReplyAddress).toBe('pisma@president.example');
    expect(loadConfig({ MAIL_FROM: 'Office <office@Kabinet.Example.RS>' }).mailReplyAddress).toBe('pisma@kabinet.example.rs');
    expect(loadConfig({ MAIL_REPLY_ADDRESS: 'Pisma@President.example' }).mailReplyAddress).toBe('pisma@president.example');
  });

  it('when MAIL_REPLY_ADDRESS is not an address, then loading refuses it naming the variable', () => {
    expect(() => loadConfig({ MAIL_REPLY_ADDRESS: 'not an address' })).toThrow(/^Invalid setting MAIL_REPLY_ADDRESS: /);
  });

  it('when MAIL_SIGNING_KEY is unset, then development uses a fixed key and production refuses to start', () => {
    expect(loadConfig({}).mailSigningKey).toBe(DEVELOPMENT_MAIL_SIGNING_KEY);
    expect(loadConfig({ MAIL_SIGNING_KEY: 'k'.repeat(40) }).mailSigningKey).toBe('k'.repeat(40));
    expect(() => loadConfig({ MAIL_SIGNING_KEY: 'short' })).toThrow(/^Invalid setting MAIL_SIGNING_KEY: /);
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40) })).toThrow(
      new ConfigError('Invalid setting MAIL_SIGNING_KEY: required when NODE_ENV=production'),
    );
  });
});

describe('the inbound job', () => {
  it('when its id is made from the row id, then BullMQ takes it and its schema takes only a positive id', () => {
    expect(inboundJobId(12)).toBe('in-12');
    expect(JOBS.inbound.data.safeParse({ inboundId: 12 }).success).toBe(true);
    for (const bad of [{}, { inboundId: '12' }, { inboundId: 0 }, { inboundId: 1, extra: 1 }]) expect(JOBS.inbound.data.safeParse(bad).success).toBe(false);
  });
});
