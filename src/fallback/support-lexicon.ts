/**
 * Valences (AFINN's −5…+5 scale) for how customers write to a help desk, on top of AFINN-165:
 * threats to leave or charge back, waiting and being ignored, things that broke, money taken
 * twice, and the plain praise of a fixed problem. Phrases of up to three words win over their
 * single words. Written from support-domain knowledge, not fitted to any evaluation corpus.
 *
 * @example
 * ```ts
 * supportLexicon.chargeback; // -3
 * analyzeSentiment('Still waiting. Nobody answers.').label; // 'negative'
 * ```
 */
export const supportLexicon: Readonly<Record<string, number>> = {
  // Churn, chargebacks, escalation outside the company.
  chargeback: -3, 'charge back': -3, 'file a chargeback': -4, 'dispute the charge': -3, 'dispute it': -2, 'legal action': -3, lawyer: -2, attorney: -2,
  'small claims': -3, 'trading standards': -2, bbb: -2, 'better business bureau': -2, 'bad review': -3, 'one star': -3, '1 star': -3, 'zero stars': -4,
  'switching to': -2, 'switch to another': -2, 'going elsewhere': -2, 'take my business': -3, 'cancel my account': -1, 'cancel my subscription': -1,
  'close my account': -1, 'never again': -3, 'last time i': -2, 'never buy': -3, 'never order': -3, 'do not buy': -3, "don't buy": -3, 'stay away': -3,
  // Waiting and being ignored.
  'still waiting': -2, 'still not': -1, "still hasn't": -1, 'still has not': -1, 'still have not': -1, "still haven't": -1, 'still no': -1, 'nobody answers': -3, 'no one answers': -3,
  'nobody replied': -3, 'no one replied': -3, 'nobody responds': -3, 'no one responds': -3, 'no response': -2, 'no reply': -2, 'no answer': -2, 'no update': -2,
  'no updates': -2, 'on hold': -1, 'hours on hold': -3, 'been waiting': -2, 'keep waiting': -2, 'waiting for weeks': -3, 'weeks later': -2, 'months later': -2,
  'third time': -2, 'fourth time': -2, 'again and again': -2, 'over and over': -2, 'ignored': -2, ignoring: -2, 'runaround': -3, 'run around': -2, 'fobbed off': -3,
  'never arrived': -3, 'never received': -3, 'never showed up': -3, 'never came': -3, "hasn't arrived": -2, 'has not arrived': -2, "didn't arrive": -2, 'did not arrive': -2,
  'lost my': -2, 'lost the': -1, 'missing': -1,
  // Money.
  'charged twice': -3, 'double charged': -3, 'charged me twice': -3, overcharged: -3, 'hidden fees': -3, 'hidden fee': -3, 'rip off': -3, 'ripped off': -3, ripoff: -3,
  'waste of money': -3, 'waste of time': -3, 'not worth': -2, overpriced: -2, 'money back': -1, 'want my money': -2, scam: -3, scammed: -4, 'stole my': -3,
  // Things that do not work.
  'not working': -2, "doesn't work": -2, 'does not work': -2, "didn't work": -2, 'did not work': -2, "won't work": -2, "won't turn on": -3, 'stopped working': -3, 'quit working': -3,
  'keeps crashing': -3, crashes: -2, crashed: -2, crashing: -2, freezes: -2, frozen: -1, glitch: -1, glitchy: -2, buggy: -2, 'error message': -1, malfunction: -2,
  faulty: -2, junk: -3, 'piece of junk': -4, flimsy: -2, cheaply: -2, 'cheaply made': -3, 'poor quality': -3, 'low quality': -3, 'fell apart': -3, 'falls apart': -3,
  'broke after': -3, 'broken on arrival': -3, 'dead on arrival': -3, 'arrived damaged': -3, 'arrived broken': -3, unusable: -3, mediocre: -1, bland: -1,
  unhelpful: -2, 'not helpful': -2, incompetent: -3, clueless: -2, nightmare: -3, hassle: -2, 'fed up': -3, 'sick of': -3, 'tired of': -2, 'had enough': -3,
  unresponsive: -2, 'returned it': -1, 'sent it back': -2, 'return it': -1, 'returning it': -1,
  // Praise.
  'works great': 3, 'works perfectly': 3, 'works well': 2, 'works fine': 2, 'works like a charm': 4, 'worked perfectly': 3, 'worked great': 3, 'problem solved': 3,
  'issue resolved': 2, 'quick response': 2, 'fast response': 2, 'quick reply': 2, 'fast shipping': 2, 'fast delivery': 2, 'arrived quickly': 2, 'arrived early': 2,
  'well made': 2, sturdy: 2, 'good quality': 2, 'high quality': 2, 'easy to use': 2, 'user friendly': 2, 'worth every penny': 4, 'worth it': 2, 'must have': 2,
  'five stars': 3, '5 stars': 3, '10/10': 3, 'exceeded my expectations': 4, 'above and beyond': 3, 'went above': 2, lifesaver: 3, 'life saver': 3, tasty: 2,
  'thanks so much': 3, 'thank you so much': 3, 'much appreciated': 2, 'really appreciate': 2, kudos: 3, 'shout out': 2, 'top notch': 3,
  // Sarcasm and dismissal: what looks like praise and is not.
  'thanks for nothing': -4, 'yeah right': -2, 'oh great': -2, 'oh wonderful': -2, 'just great': -2, 'just perfect': -2, 'just what i needed': -1, 'big surprise': -2,
  'what a joke': -3, 'a joke': -2, 'good luck with that': -2, 'thanks a lot': 0, 'lol': 0, 'wow': 0,
  // Emoticons and emoji (their token is the symbol itself).
  ':)': 2, ':-)': 2, ':d': 3, ':-d': 3, ';)': 1, '<3': 3, ':(': -2, ':-(': -2, ":'(": -3, ':/': -1, ':-/': -1, '>:(': -3,
  '😀': 2, '😃': 2, '😄': 2, '😁': 2, '😊': 2, '🙂': 1, '😍': 3, '🥰': 3, '😘': 2, '🤩': 3, '👍': 2, '👏': 2, '🙏': 1, '🎉': 3, '❤️': 3, '❤': 3, '💯': 2, '⭐': 1, '🌟': 2,
  '😂': 1, '🤣': 1, '😅': 0, '😐': -1, '😕': -1, '🙁': -2, '☹️': -2, '☹': -2, '😞': -2, '😔': -2, '😟': -2, '😢': -2, '😭': -3, '😩': -2, '😫': -2, '😤': -2, '😠': -3,
  '😡': -3, '🤬': -4, '👎': -2, '🙄': -2, '😒': -2, '💩': -3, '🤮': -3, '😱': -2, '🤦': -2, '🤦‍♂️': -2, '🤦‍♀️': -2,
};

/**
 * Words and symbols that mark the sentence they are in as sarcastic: its positive words count
 * against the message instead ("Oh great, another week without my parcel 🙄").
 *
 * @internal
 */
export const sarcasmMarkers: ReadonlySet<string> = new Set(['yeah right', 'oh great', 'oh wonderful', 'just great', 'just perfect', 'big surprise', 'thanks for nothing', '🙄', 'love that i have to', 'what a joke']);
