import type { ValidationIssue } from '../core/errors.js';

/**
 * How a placeholder renders its value:
 * - `text`: `{{name}}`, the value as written (host data);
 * - `untrusted`: `{{untrusted name}}`, a neutralised, delimited block per value;
 * - `list`: `{{list name}}`, array items joined with `, `, with `and N more` when trimmed.
 */
export type PlaceholderKind = 'text' | 'untrusted' | 'list';

/**
 * One node of a parsed template.
 *
 * @example
 * ```ts
 * const node: TemplateNode = { type: 'placeholder', kind: 'untrusted', name: 'message' };
 * ```
 */
export type TemplateNode =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'placeholder'; readonly kind: PlaceholderKind; readonly name: string }
  | { readonly type: 'if'; readonly name: string; readonly then: readonly TemplateNode[]; readonly otherwise: readonly TemplateNode[] };

/**
 * A parsed template: its nodes, every variable it references (with how it is used) and the
 * syntax problems found, each with its line and column.
 */
export interface ParsedTemplate {
  readonly nodes: readonly TemplateNode[];
  /** Variable name → every way the template uses it (`if` for `{{#if name}}`). */
  readonly references: ReadonlyMap<string, ReadonlySet<PlaceholderKind | 'if'>>;
  readonly issues: readonly ValidationIssue[];
}

type Token =
  | { type: 'text'; text: string }
  | { type: 'tag'; body: string; offset: number }
  | { type: 'block'; role: 'open' | 'else' | 'close'; name: string; offset: number };

const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;
const tagPattern = /\\\{\{|\{\{([^{}]*)\}\}/g;

/**
 * Parses a template once, at definition time, so rendering is a single walk over nodes and a
 * value can never be re-read as template syntax. Block tags (`{{#if x}}`, `{{else}}`, `{{/if}}`)
 * alone on their line take the whole line with them, so optional sections leave no blank lines.
 *
 * @example
 * ```ts
 * const { nodes, issues } = parseTemplate('Hi {{name}}', 'template');
 * ```
 */
export function parseTemplate(source: string, path: string): ParsedTemplate {
  const issues: ValidationIssue[] = [];
  const where = (offset: number): string => {
    const before = source.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return `line ${line}, column ${column}`;
  };
  const tokens = tokenize(source, path, where, issues);
  stripStandaloneBlockLines(tokens);

  const references = new Map<string, Set<PlaceholderKind | 'if'>>();
  const use = (name: string, kind: PlaceholderKind | 'if'): void => {
    const kinds = references.get(name) ?? new Set();
    kinds.add(kind);
    references.set(name, kinds);
  };

  interface Frame {
    name: string;
    offset: number;
    then: TemplateNode[];
    otherwise: TemplateNode[];
    inElse: boolean;
  }
  const root: TemplateNode[] = [];
  const stack: Frame[] = [];
  const current = (): TemplateNode[] => {
    const frame = stack.at(-1);
    if (!frame) return root;
    return frame.inElse ? frame.otherwise : frame.then;
  };

  for (const token of tokens) {
    if (token.type === 'text') {
      if (token.text.length > 0) current().push({ type: 'text', text: token.text });
      continue;
    }
    if (token.type === 'block') {
      if (token.role === 'open') {
        use(token.name, 'if');
        stack.push({ name: token.name, offset: token.offset, then: [], otherwise: [], inElse: false });
      } else if (token.role === 'else') {
        const frame = stack.at(-1);
        if (!frame || frame.inElse) issues.push({ path, message: `{{else}} at ${where(token.offset)} has no open {{#if}} to belong to` });
        else frame.inElse = true;
      } else {
        const frame = stack.pop();
        if (!frame) issues.push({ path, message: `{{/if}} at ${where(token.offset)} closes nothing: remove it or add the matching {{#if name}}` });
        else current().push({ type: 'if', name: frame.name, then: frame.then, otherwise: frame.otherwise });
      }
      continue;
    }
    const parsed = parsePlaceholder(token.body);
    if ('problem' in parsed) {
      issues.push({ path, message: `${parsed.problem} at ${where(token.offset)}: ${parsed.hint}` });
      continue;
    }
    use(parsed.name, parsed.kind);
    current().push({ type: 'placeholder', kind: parsed.kind, name: parsed.name });
  }
  for (const frame of stack.reverse()) {
    issues.push({ path, message: `{{#if ${frame.name}}} at ${where(frame.offset)} is never closed: add {{/if}}` });
  }
  return { nodes: root, references, issues };
}

function tokenize(source: string, path: string, where: (offset: number) => string, issues: ValidationIssue[]): Token[] {
  const tokens: Token[] = [];
  let text = '';
  let last = 0;
  const checkStray = (from: number, to: number): void => {
    const stray = source.slice(from, to).indexOf('{{');
    if (stray !== -1) issues.push({ path, message: `"{{" at ${where(from + stray)} is never closed with "}}" (write \\{{ for a literal "{{")` });
  };
  for (const match of source.matchAll(tagPattern)) {
    checkStray(last, match.index);
    text += source.slice(last, match.index);
    last = match.index + match[0].length;
    if (match[0] === '\\{{') {
      text += '{{';
      continue;
    }
    if (text) tokens.push({ type: 'text', text });
    text = '';
    const body = (match[1] ?? '').trim();
    const block = /^(#if\s+|else$|\/if$)(.*)$/s.exec(body);
    if (block) {
      const keyword = block[1]!.trim();
      const name = (block[2] ?? '').trim();
      if (keyword === '#if' && !identifier.test(name)) {
        issues.push({ path, message: `{{#if ${name}}} at ${where(match.index)}: expected one variable name (letters, digits, _)` });
        tokens.push({ type: 'block', role: 'open', name: name || '?', offset: match.index });
      } else {
        tokens.push({ type: 'block', role: keyword === '#if' ? 'open' : keyword === 'else' ? 'else' : 'close', name, offset: match.index });
      }
    } else {
      tokens.push({ type: 'tag', body, offset: match.index });
    }
  }
  checkStray(last, source.length);
  text += source.slice(last);
  if (text) tokens.push({ type: 'text', text });
  return tokens;
}

function parsePlaceholder(body: string): { kind: PlaceholderKind; name: string } | { problem: string; hint: string } {
  const parts = body.split(/\s+/).filter(Boolean);
  if (parts.length === 1 && identifier.test(parts[0]!)) return { kind: 'text', name: parts[0]! };
  if (parts.length === 2 && (parts[0] === 'untrusted' || parts[0] === 'list') && identifier.test(parts[1]!)) {
    return { kind: parts[0], name: parts[1]! };
  }
  return {
    problem: body.length === 0 ? 'empty placeholder {{}}' : `unknown placeholder {{${body}}}`,
    hint: 'expected {{name}}, {{untrusted name}}, {{list name}}, {{#if name}}, {{else}} or {{/if}} (write \\{{ for a literal "{{")',
  };
}

/** Mustache's "standalone tag" rule, for block tags only. */
function stripStandaloneBlockLines(tokens: Token[]): void {
  const standalone = tokens.map((token, index) => {
    if (token.type !== 'block') return false;
    const previous = tokens[index - 1];
    const next = tokens[index + 1];
    const startsLine =
      previous === undefined ||
      (previous.type === 'text' && (/\n[ \t]*$/.test(previous.text) || (index === 1 && /^[ \t]*$/.test(previous.text))));
    const endsLine =
      next === undefined ||
      (next.type === 'text' && (/^[ \t]*\n/.test(next.text) || (index + 2 === tokens.length && /^[ \t]*$/.test(next.text))));
    return startsLine && endsLine;
  });
  standalone.forEach((isStandalone, index) => {
    if (!isStandalone) return;
    const previous = tokens[index - 1];
    const next = tokens[index + 1];
    if (previous?.type === 'text') previous.text = previous.text.replace(/[ \t]*$/, '');
    if (next?.type === 'text') next.text = next.text.replace(/^[ \t]*\n?/, '');
  });
}
