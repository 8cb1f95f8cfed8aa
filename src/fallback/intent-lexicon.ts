/**
 * A hand-made lexicon of how customers of a bank, a shop or a help desk name the same thing in
 * different words ("top up" / "add money", "declined" / "rejected", "cash machine" / "ATM"), for
 * the intent classifier: each match adds a concept feature (`=topup`), so an intent learned from
 * ten examples that say "top up" also hears "add money". The original words stay features too.
 * Written from domain knowledge (banking, payments, cards, accounts, support), not fitted to any
 * evaluation split; it is code, not downloaded data.
 *
 * @internal
 */

/** Concept → the phrases (one or more words, any inflection) that name it. */
const concepts: Readonly<Record<string, readonly string[]>> = {
  topup: ['top up', 'topup', 'topping up', 'topped up', 'add money', 'add funds', 'adding money', 'added money', 'load money', 'load funds', 'reload', 'put money', 'fund my account', 'refill'],
  withdraw: ['withdraw', 'withdrawal', 'withdrew', 'withdrawn', 'take out cash', 'take out money', 'took out', 'taking out', 'get cash', 'got cash', 'cash out'],
  atm: ['atm', 'cash machine', 'cashpoint', 'cash point', 'cash dispenser', 'hole in the wall', 'teller machine'],
  fee: ['fee', 'charge', 'cost', 'commission', 'surcharge', 'price', 'pricing', 'how much', 'pay extra', 'extra charge', 'free of charge', 'free'],
  transfer: ['transfer', 'send money', 'sent money', 'send', 'wire', 'bank transfer', 'payment to', 'pay someone', 'pay a friend'],
  arrive: ['arrive', 'arrival', 'receive', 'received', 'delivered', 'delivery', 'come', 'came', 'show up', 'showed up', 'showing up', 'turn up', 'get here', 'got here', 'reach', 'in the mail', 'in the post'],
  pending: ['pending', 'processing', 'still waiting', 'on hold', 'in progress', 'not gone through', "hasn't gone through", 'has not gone through', 'not completed', 'not cleared', 'taking so long', 'taking long', 'still not'],
  declined: ['decline', 'reject', 'refuse', 'denied', 'deny', 'not accepted', "wasn't accepted", "didn't go through", 'did not go through', "won't go through", 'not go through', 'fail', 'failure', 'unsuccessful', "couldn't", "can't"],
  broken: ['not working', "doesn't work", 'does not work', "didn't work", 'did not work', "won't work", 'stopped working', "isn't working", 'broken', 'not work', 'malfunction', 'problem with', 'issue with', 'trouble'],
  lost: ['lost', 'lose', 'stolen', 'stole', 'steal', 'missing', "can't find", 'cannot find', 'misplaced', 'theft', 'thief', 'pickpocket'],
  cancel: ['cancel', 'cancellation', 'revert', 'reverse', 'reversal', 'undo', 'stop the payment', 'stop a payment', 'call back', 'recall', 'take back'],
  refund: ['refund', 'money back', 'reimburse', 'reimbursement', 'return the money', 'returned item', 'return an item', 'returned'],
  verify: ['verify', 'verification', 'verifying', 'identity', 'identification', 'id', 'proof of', 'prove', 'kyc', 'documents', 'passport', 'driving licence', "driver's license", 'selfie', 'confirm who'],
  passcode: ['passcode', 'password', 'pass code', 'login code', 'log in', 'login', 'sign in', 'locked out'],
  pin: ['pin', 'pin number', 'pin code'],
  rate: ['exchange rate', 'conversion rate', 'rate', 'fx', 'interbank', 'market rate'],
  currency: ['currency', 'usd', 'eur', 'gbp', 'euro', 'dollar', 'pound', 'yen', 'sterling', 'franc', 'foreign money', 'fiat'],
  exchange: ['exchange', 'convert', 'conversion', 'swap currencies', 'change currency', 'change money', 'trade currencies'],
  abroad: ['abroad', 'overseas', 'foreign', 'international', 'another country', 'other country', 'other countries', 'country', 'travel', 'holiday', 'vacation', 'trip'],
  close: ['close my account', 'close the account', 'delete my account', 'terminate', 'deactivate', 'cancel my account', 'shut down my account', 'leave', 'stop using', 'get rid of'],
  virtual: ['virtual card', 'virtual', 'online card', 'digital card'],
  disposable: ['disposable', 'single use', 'single-use', 'one time', 'one-time', 'temporary card', 'burner'],
  physical: ['physical card', 'physical', 'plastic card', 'real card', 'actual card'],
  wallet: ['apple pay', 'google pay', 'android pay', 'samsung pay', 'applepay', 'googlepay', 'apple watch', 'mobile wallet', 'wallet'],
  contactless: ['contactless', 'tap', 'tap to pay', 'nfc', 'wave'],
  swallowed: ['swallow', 'ate my card', 'eaten', 'ate it', 'kept my card', 'retained', 'stuck in', 'took my card', 'keep my card', 'retain', 'machine has my card'],
  twice: ['twice', 'duplicate', 'double', 'doubled', 'two times', 'more than once', 'two charges', 'same charge', 'charged two', 'multiple times', 'two of the same'],
  unrecognised: ["don't recognise", "don't recognize", 'not recognise', 'not recognize', 'do not recognise', 'do not recognize', "didn't make", 'did not make', "didn't do", "didn't authorise", "didn't authorize", 'never made', 'not mine', 'unknown', 'unfamiliar', 'strange', 'weird', 'suspicious', 'fraud', 'fraudulent', 'unauthorised', 'unauthorized', 'no idea', "wasn't me", 'not me'],
  compromised: ['compromised', 'hacked', 'hack', 'someone else', 'someone has', 'somebody', 'breach', 'scam', 'phishing', 'fraud'],
  age: ['age', 'old', 'years old', 'minimum', 'teen', 'teenager', 'child', 'kid', 'son', 'daughter', 'under 18', 'adult', 'young', 'minor', 'student'],
  expire: ['expire', 'expiration', 'expiry', 'expiring', 'renew', 'renewal', 'replacement card', 'out of date', 'end date', 'valid until'],
  activate: ['activate', 'activation', 'turn on', 'enable', 'set up', 'setup', 'start using', 'unlock'],
  when: ['how long', 'when will', 'how soon', 'how many days', 'how fast', 'how quickly', 'time', 'timing', 'timeframe', 'days', 'hours', 'wait', 'waiting', 'yet', 'still'],
  statement: ['statement', 'transaction history', 'history', 'account activity', 'activity', 'transactions list'],
  wrong: ['wrong', 'incorrect', 'not right', 'mistake', 'error', 'less than', 'not enough', 'too little', 'too much', 'different amount', 'not the amount', 'short'],
  cheque: ['cheque', 'check deposit', 'cheques', 'checks'],
  deposit: ['deposit', 'put in', 'paid in', 'pay in', 'paying in', 'lodge', 'cash in'],
  salary: ['salary', 'payroll', 'wage', 'paycheck', 'paycheque', 'pay check', 'income', 'employer', 'paid by'],
  recurring: ['direct debit', 'standing order', 'recurring', 'subscription', 'automatic payment', 'mandate', 'debit order'],
  automatic: ['automatic', 'automatically', 'auto', 'auto top', 'autotopup', 'when low', 'runs low', 'by itself', 'on its own'],
  limit: ['limit', 'maximum', 'max', 'minimum', 'cap', 'most i can', 'how much can', 'how many can', 'how many times', 'restriction', 'allowed'],
  recipient: ['beneficiary', 'payee', 'recipient', 'receiver', 'friend', 'person i', 'the person', 'someone', 'family'],
  details: ['personal details', 'details', 'address', 'name', 'phone number', 'email', 'personal information', 'info', 'surname', 'last name', 'update my', 'change my', 'edit'],
  spare: ['spare', 'extra card', 'additional', 'another card', 'second card', 'more cards', 'more than one card', 'multiple cards', 'backup card', 'new card'],
  link: ['link', 'linking', 'connect', 'add my card', 'add a card', 'add card', 'existing card', 'attach', 'register my card'],
  balance: ['balance', 'account balance', 'funds', 'money in my account', 'available'],
  blocked: ['block', 'blocked', 'locked', 'frozen', 'freeze', 'suspended', 'disabled', 'too many attempts', 'wrong pin', 'incorrect pin'],
  support: ['support', 'supported', 'accept', 'accepted', 'available in', 'work in', 'use in', 'can i use', 'countries'],
  cash: ['cash', 'money from', 'notes', 'bills'],
  card: ['card', 'debit card', 'credit card', 'visa', 'mastercard'],
  payment: ['payment', 'purchase', 'paid', 'pay', 'bought', 'buy', 'shop', 'store', 'merchant', 'transaction', 'spent'],
  code: ['code', 'verification code', 'cvv', 'cvc', 'security code', 'otp', 'one time code'],
  sourcefunds: ['source of funds', 'where the money', 'where my money', 'origin of', 'proof of income', 'where it comes from', 'where the funds'],
  network: ['visa', 'mastercard', 'master card', 'amex', 'american express', 'maestro'],
  phone: ['phone', 'mobile', 'cellphone', 'cell phone', 'smartphone', 'iphone', 'android', 'device'],
  why: ['why', 'reason', 'how come', "what's the point", 'point of', 'purpose', 'explain'],
  help: ['help', 'assist', 'assistance', 'what should i do', 'what do i do', 'what can i do', 'how do i', 'how can i'],
};

/**
 * A light English stemmer used only to match the lexicon: plurals, `-ed`, `-ing`, a doubled
 * final consonant and a final `e` are dropped (`charges`, `charged`, `charging`, `charge` all
 * give `charg`; `topping` and `top` give `top`).
 */
export function lightStem(word: string): string {
  let stem = word;
  if (stem.length > 4 && stem.endsWith('ies')) stem = `${stem.slice(0, -3)}y`;
  else if (stem.length > 3 && stem.endsWith('s') && !stem.endsWith('ss') && !stem.endsWith('us')) stem = stem.slice(0, -1);
  if (stem.length > 5 && stem.endsWith('ing')) stem = stem.slice(0, -3);
  else if (stem.length > 4 && stem.endsWith('ed')) stem = stem.slice(0, -2);
  if (stem.length > 3 && stem.endsWith('e')) stem = stem.slice(0, -1);
  if (stem.length > 3 && stem.endsWith('i')) stem = `${stem.slice(0, -1)}y`;
  const last = stem.length - 1;
  if (stem.length > 3 && stem[last] === stem[last - 1] && !'aeiouls'.includes(stem[last] as string)) stem = stem.slice(0, -1);
  return stem;
}

/** A lexicon phrase after its first word: the stems that must follow, and its concept's id. */
export interface LexiconPhrase {
  readonly rest: readonly string[];
  readonly concept: number;
}

interface Lexicon {
  /** Concept terms (`=topup`) by id; ids follow the terms' sort order, so sorting ids sorts terms. */
  readonly names: readonly string[];
  /** First stemmed word → the phrases that start with it (every phrase that matches counts, so order does not matter). */
  readonly byFirstWord: ReadonlyMap<string, readonly LexiconPhrase[]>;
  readonly amount: number;
  readonly currency: number;
}

/** Built on first use, not at import. */
let built: Lexicon | undefined;

function lexicon(): Lexicon {
  if (built) return built;
  const names = [...Object.keys(concepts), 'amount'].map((concept) => `=${concept}`).sort();
  const idOf = new Map(names.map((name, id) => [name, id]));
  const byFirstWord = new Map<string, LexiconPhrase[]>();
  for (const [concept, phrases] of Object.entries(concepts)) {
    for (const phrase of phrases) {
      const stems = (phrase.toLowerCase().match(/[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu) ?? []).map(lightStem);
      const [first, ...rest] = stems;
      if (first === undefined) continue;
      const list = byFirstWord.get(first) ?? [];
      list.push({ rest, concept: idOf.get(`=${concept}`) as number });
      byFirstWord.set(first, list);
    }
  }
  return (built = { names, byFirstWord, amount: idOf.get('=amount') as number, currency: idOf.get('=currency') as number });
}

// Amounts and currency signs: "£1", "$20", "100" say "an amount" whatever the figure.
const currencySign = /[$£€¥₹₽₩¢]/u;

/** The lexicon version {@link conceptsOf} implements; a model records it, and a model made with another is refused. */
export const lexiconVersion = 1;

/** What the lexicon knows of one word: its stem, and the phrases that start with it. A caller that meets the same words again may keep these. */
export interface LexiconWord {
  readonly stem: string;
  readonly phrases: readonly LexiconPhrase[] | undefined;
}

/** The {@link LexiconWord} of a word (as `words` gives it). */
export function lexiconWord(word: string): LexiconWord {
  const stem = lightStem(word);
  return { stem, phrases: lexicon().byFirstWord.get(stem) };
}

/** Concept terms by id (`=topup`), sorted; see {@link conceptIdsOf}. */
export function conceptNames(): readonly string[] {
  return lexicon().names;
}

/**
 * The ids of the concepts in a message (its words as {@link lexiconWord} gives them, and its
 * text), each once and in increasing order: `=amount` for a number and `=currency` for a
 * currency sign count too.
 */
export function conceptIdsOf(entries: readonly LexiconWord[], text: string): number[] {
  const { amount, currency } = lexicon();
  const found: number[] = [];
  for (let index = 0; index < entries.length; index += 1) {
    const { stem, phrases } = entries[index] as LexiconWord;
    const code = stem.charCodeAt(0);
    if (code >= 48 && code <= 57 && !found.includes(amount)) found.push(amount);
    if (phrases === undefined) continue;
    for (const phrase of phrases) {
      if (found.includes(phrase.concept)) continue;
      let matches = true;
      for (let offset = 0; matches && offset < phrase.rest.length; offset += 1) matches = entries[index + 1 + offset]?.stem === phrase.rest[offset];
      if (matches) found.push(phrase.concept);
    }
  }
  if (!found.includes(currency) && currencySign.test(text)) found.push(currency);
  // Insertion sort: a message has a handful of concepts.
  for (let at = 1; at < found.length; at += 1) {
    const id = found[at] as number;
    let to = at;
    for (; to > 0 && (found[to - 1] as number) > id; to -= 1) found[to] = found[to - 1] as number;
    found[to] = id;
  }
  return found;
}

/**
 * The concept terms of a message's words, each once and sorted (plus `=amount` for a number and
 * `=currency` for a currency sign), then every pair of them (`=declined=topup`). Concept terms
 * start with `=`, which no word contains.
 */
export function conceptsOf(tokens: readonly string[], text: string): string[] {
  const { names } = lexicon();
  const found = conceptIdsOf(tokens.map(lexiconWord), text).map((id) => names[id] as string);
  // Pairs say what single concepts cannot to a linear model: "=declined" and "=topup" together
  // are a failed top-up, either alone is not.
  const single = found.length;
  for (let first = 0; first < single; first += 1) {
    for (let second = first + 1; second < single; second += 1) found.push(`${found[first] as string}${found[second] as string}`);
  }
  return found;
}
