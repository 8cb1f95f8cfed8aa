/**
 * The UCI "Sentiment Labelled Sentences" corpus (Kotzias, Denil, de Freitas and Smyth, "From
 * Group to Individual Labels using Deep Features", KDD 2015; CC BY 4.0): 1,000 Amazon product
 * review sentences, 748 IMDB and 1,000 Yelp, each labelled positive or negative by hand. It
 * reaches us offline inside the `sentiment` npm package (MIT), which ships it as its own
 * validation fixtures.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** One labelled sentence. */
export interface LabelledSentence {
  readonly source: 'amazon' | 'imdb' | 'yelp';
  readonly text: string;
  readonly positive: boolean;
}

/** Every sentence of the three sets, in file order. */
export function readSentimentCorpus(): LabelledSentence[] {
  const require = createRequire(import.meta.url);
  return (['amazon', 'imdb', 'yelp'] as const).flatMap((source) => {
    const file = require.resolve(`sentiment/test/fixtures/${source}.json`);
    const rows = JSON.parse(readFileSync(file, 'utf8')) as { text: string; class: number }[];
    return rows.map((row) => ({ source, text: row.text, positive: row.class === 1 }));
  });
}
