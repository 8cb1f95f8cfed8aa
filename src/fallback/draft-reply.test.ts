import { describe, expect, it } from 'vitest';
import { channels, type Channel } from '../core/domain.js';
import { ValidationError } from '../core/errors.js';
import { channelLimits, fitsChannel, measureForChannel } from './channel-limits.js';
import { defaultReplyPhrases } from './default-reply-phrases.js';
import { draftReply, type DraftReplyOptions } from './draft-reply.js';
import { defaultReplyLanguages, type ReplyLanguage } from './reply-languages.js';
import { defaultReplyTemplates } from './reply-template.js';

const longName = 'Maximiliana Alexandrovna Konstantinopolskaya-Wolfeschlegelsteinhausenbergerdorff de la Cruz y Fernández';
const unbrokenName = 'X'.repeat(300);
const longOrder: DraftReplyOptions['order'] = {
  number: 'ORD-2025-ABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789-0123456789-EXTRA-LONG-REFERENCE',
  status: 'in_transit_awaiting_customs_clearance_at_the_international_consolidation_hub',
  totalCents: 123_456_789_00,
  currency: 'USD',
};
const longTracking: DraftReplyOptions['tracking'] = {
  carrier: 'International Global Logistics Express Worldwide Carrier Services Incorporated',
  description:
    'Shipment held at the customs clearance facility pending documentation review by the authorities; expect a delay of several business days beyond the original estimate while paperwork is verified',
  status: 'held',
};
const everything: Omit<DraftReplyOptions, 'channel'> = {
  customer: { name: longName, vip: true, ltv: 9000, churnRisk: 0.9 },
  order: longOrder,
  tracking: longTracking,
  pastTickets: [{ subject: 'Previous shipment arrived with a crushed box and missing accessories that were never replaced despite several promises' }],
  ticket: { subject: 'Where is my order', body: "My order hasn't arrived and I'm really frustrated, this is ridiculous" },
  agentName: 'Bartholomew Fitzgerald-Smythe-Montgomery the Third of Westmorland',
  companyName: 'Acme Intergalactic Trading Company of Extraordinarily Long Names Limited',
};
const scenarios: Record<string, Omit<DraftReplyOptions, 'channel'>> = {
  'no context at all': {},
  'seed 004 example': {
    customer: { name: 'Jane Doe', vip: true, ltv: 3500, churnRisk: 0.8 },
    order: { number: '54321', status: 'in_transit', totalCents: 15_699, currency: 'USD' },
    tracking: { carrier: 'UPS', description: 'No updates for 5 days' },
    ticket: { subject: 'Order not delivered', body: "My order #54321 hasn't arrived yet..." },
  },
  'long names and long order data': everything,
  'a 300-character name without spaces': { ...everything, customer: { name: unbrokenName }, agentName: unbrokenName, companyName: unbrokenName },
  'long order data only': { order: longOrder, tracking: longTracking },
};

describe('draftReply', () => {
  const intents = Object.keys(defaultReplyPhrases);
  for (const [scenario, options] of Object.entries(scenarios)) {
    for (const channel of channels) {
      it(`fits ${channel} (${channelLimits[channel].max} ${channelLimits[channel].unit}) for every intent: ${scenario}`, () => {
        for (const intent of intents) {
          const draft = draftReply({ ...options, channel, intent });
          expect(fitsChannel(draft.content, channel), `${intent}: ${draft.content}`).toBe(true);
          expect(draft.length).toEqual({ unit: channelLimits[channel].unit, value: measureForChannel(draft.content, channel), max: channelLimits[channel].max });
          expect(draft.content.trim().length).toBeGreaterThan(0);
          expect(draft.content).not.toMatch(/\{\{|\}\}|undefined|NaN/);
          assertNoSilentCuts(draft.content, options);
        }
      });
    }
  }

  for (const [scenario, options] of Object.entries(scenarios)) {
    it(`fits every channel for every intent in Spanish: ${scenario}`, () => {
      for (const channel of channels) {
        for (const intent of Object.keys(defaultReplyLanguages.es?.phrases ?? {})) {
          const draft = draftReply({ ...options, channel, intent, language: 'es' });
          expect(fitsChannel(draft.content, channel), `${intent}: ${draft.content}`).toBe(true);
          expect(draft.content).not.toMatch(/\{\{|\}\}|undefined|NaN/);
          expect(draft.language).toMatchObject({ used: 'es', available: true });
          if (channel === 'sms') expect(draft.content, 'GSM-7 only').toMatch(/^[A-Za-z0-9 \n@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&'()*+,\-./:;<=>?¡ÄÖÑÜ§¿äöñüà]*$/);
          assertNoSilentCuts(draft.content, options);
        }
      }
    });
  }

  it('replies in the language the customer wrote in when templates exist', () => {
    const draft = draftReply({ channel: 'chat', customer: { name: 'Lucía Pérez' }, order: { number: '54321', status: 'in_transit' }, message: '¿Dónde está mi pedido? Lo pedí hace dos semanas y no ha llegado.' });
    expect(draft.language).toEqual({ detected: 'es', used: 'es', available: true });
    expect(draft.content).toContain('¡Hola, Lucía!');
    expect(draft.content).toContain('Su pedido n.º 54321 está en tránsito.');
    expect(draft.reasoning).toContain('in Spanish');
  });

  it('says so when the customer’s language has no templates, and replies in English', () => {
    const draft = draftReply({ channel: 'email', message: 'Wo ist meine Bestellung? Ich warte seit zwei Wochen.' });
    expect(draft.language).toEqual({ detected: 'de', used: 'en', available: false });
    expect(draft.content).toMatch(/^Hi there,/);
    expect(draft.reasoning).toContain('the customer wrote in de, which has no reply templates, so the reply is in English');
  });

  it('follows an explicit language, and takes a host’s own language pack', () => {
    expect(draftReply({ channel: 'sms', message: '¿Dónde está mi pedido?', language: 'en' }).language).toEqual({ detected: 'es', used: 'en', available: true });
    const german = { ...(defaultReplyLanguages.es as ReplyLanguage), name: 'German', phrases: { general_inquiry: { acknowledgement: 'Danke für Ihre Nachricht.', nextStep: 'Wir melden uns in Kürze.', short: 'danke, wir melden uns.' } } };
    const draft = draftReply({ channel: 'chat', message: 'Wo ist meine Bestellung? Ich warte seit zwei Wochen.', languages: { de: german } });
    expect(draft.language).toEqual({ detected: 'de', used: 'de', available: true });
    expect(draft.content).toContain('Danke für Ihre Nachricht.');
  });

  it("reproduces seed 004's email: greeting, order, tracking, VIP care and a signature", () => {
    const draft = draftReply({ channel: 'email', companyName: 'Acme', ...scenarios['seed 004 example'] });
    expect(draft.intent).toBe('shipping_delay');
    expect(draft.tone).toBe('professional');
    expect(draft.content.startsWith('Hi Jane,\n\n')).toBe(true);
    expect(draft.content).toContain('Your order #54321 ($156.99) is currently in transit. The latest tracking update from UPS: No updates for 5 days.');
    expect(draft.content.endsWith('Best regards,\nCustomer Support\nAcme')).toBe(true);
    expect(draft.personalization).toEqual({ usedOrderInfo: true, mentionedTracking: true, referencedPastIssue: false, appliedVipTreatment: true });
    expect(draft.source).toBe('rules');
  });

  it('writes a one-segment SMS with the order and tracking status', () => {
    const draft = draftReply({ channel: 'sms', ...scenarios['seed 004 example'] });
    expect(draft.content).toBe("Hi Jane, sorry your order is late. We're chasing the carrier and will update you within 24h. Order #54321: No updates for 5 days.");
    expect(draft.tone).toBe('casual');
  });

  it('shortens fields before it drops sections, marking every cut', () => {
    const draft = draftReply({ channel: 'chat', ...everything });
    expect(draft.content).toMatch(/^Hi Maximilia(na|…)!/);
    expect(draft.content).toMatch(/#ORD-2025[-A-Z]*…/);
    expect(draft.personalization.usedOrderInfo).toBe(true);
  });

  it('uses ASCII "..." in SMS so the message stays GSM-7', () => {
    const draft = draftReply({ channel: 'sms', ...scenarios['a 300-character name without spaces'] });
    expect(draft.content).toContain('...');
    expect(draft.content).not.toContain('…');
  });

  it('classifies the intent from the ticket when none is given', () => {
    expect(draftReply({ channel: 'chat', message: 'My blender arrived broken' }).intent).toBe('damaged_item');
    expect(draftReply({ channel: 'chat' }).intent).toBe('general_inquiry');
  });

  it('takes custom templates and phrases', () => {
    const draft = draftReply({
      channel: 'sms',
      intent: 'warranty_claim',
      customer: { name: 'Jane Doe' },
      templates: { sms: { separator: ' ', sections: [{ text: 'Hey {{greetingName}}! {{short}}' }] } },
      phrases: { warranty_claim: { acknowledgement: 'a', nextStep: 'b', short: 'your warranty claim is open.' } },
    });
    expect(draft.content).toBe('Hey Jane! your warranty claim is open.');
  });

  it('never re-expands slot values', () => {
    const draft = draftReply({ channel: 'chat', customer: { name: '{{vip}} {{agentName}}' } });
    expect(draft.content).toMatch(/^Hi \{\{vip\}\}!/);
  });

  it('cuts an oversized custom template visibly rather than overflow', () => {
    const draft = draftReply({ channel: 'phone', templates: { phone: { sections: [{ text: 'word '.repeat(200) }] } } });
    expect(measureForChannel(draft.content, 'phone')).toBe(75);
    expect(draft.content.endsWith('…')).toBe(true);
  });

  it('rejects an unknown channel by name', () => {
    expect(() => draftReply({ channel: 'fax' as Channel })).toThrow(ValidationError);
    expect(() => draftReply({ channel: 'fax' as Channel })).toThrow(/channel.*email, sms, chat, phone/);
  });
});

const templateVocabulary = new Set(
  [
    ...[defaultReplyPhrases, ...Object.values(defaultReplyLanguages).map((language) => language.phrases)].flatMap((table) => Object.values(table).flatMap((phrases) => [phrases.acknowledgement, phrases.nextStep, phrases.short])),
    ...[defaultReplyTemplates, ...Object.values(defaultReplyLanguages).map((language) => language.templates)].flatMap((table) => Object.values(table).flatMap((template) => template.sections.flatMap((section) => section.text))),
    ...Object.values(defaultReplyLanguages).flatMap((language) => [...Object.values(language.words), ...Object.values(language.statuses ?? {})]),
  ]
    .join(' ')
    .split(/\s+/)
    .map((word) => word.replace(/^[#"(¡¿«]+/, '').replace(/[.,!?:;")»]+$/, '').toLowerCase()),
);

/** A word of a long field may only appear whole, or cut and marked with an ellipsis. */
function assertNoSilentCuts(content: string, options: Omit<DraftReplyOptions, 'channel'>): void {
  const fields = [options.customer?.name, options.order?.number, options.tracking?.description, options.tracking?.carrier, options.agentName, options.companyName, options.pastTickets?.[0]?.subject];
  const bare = (word: string): string => word.replace(/^[#"(]+/, '').replace(/[.,!?:;")]+$/, '');
  const fieldWords = new Set(fields.flatMap((field) => (field ? field.split(/\s+/).map(bare) : [])).filter((word) => word.length >= 4));
  for (const token of content.split(/\s+/)) {
    if (/(…|\.\.\.)[!?.,:;")]*$/.test(token)) continue;
    const core = bare(token);
    if (core.length < 3 || templateVocabulary.has(core.toLowerCase())) continue;
    for (const word of fieldWords) {
      if (word !== core && word.startsWith(core) && !fieldWords.has(core)) throw new Error(`silent cut of "${word}" as "${core}" in: ${content}`);
    }
  }
}
