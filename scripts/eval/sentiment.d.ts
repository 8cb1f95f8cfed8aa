/** The `sentiment` package (AFINN-165, MIT) ships no types; `npm run eval` uses only this much of it. */
declare module 'sentiment' {
  export default class Sentiment {
    analyze(text: string): { score: number; comparative: number };
  }
}
