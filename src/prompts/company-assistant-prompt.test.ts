import { describe, expect, it } from 'vitest';
import { createCompanyAssistantPrompt } from './company-assistant-prompt.js';

const random = (): number => 0.5;
const knowledge = {
  company: 'AtonixDev',
  website: 'atonixdev.org',
  services: ['Software Engineering', 'Cloud Infrastructure', 'AI/ML', 'DevOps'],
  technologies: { Languages: ['Python', 'JavaScript', 'TypeScript', 'Java'], Frameworks: ['Django', 'React', 'FastAPI', 'Spring Boot'], Infrastructure: ['Kubernetes', 'OpenStack', 'AWS', 'Docker'], 'AI/ML': ['TensorFlow', 'PyTorch', 'LLMs', 'Data Science'] },
  portfolio: ['Cloud infrastructure platforms', 'AI research hubs', 'DevOps implementations', 'Enterprise applications'],
  pricing: { Small: '5K-15K USD', Medium: '15K-50K USD', Large: '50K+ USD' },
};

describe('createCompanyAssistantPrompt', () => {
  it('renders seed 001\'s knowledge block, the history and the message', () => {
    const prompt = createCompanyAssistantPrompt({ knowledge });
    const rendered = prompt.render(
      { message: 'How much does a medium project cost?', history: [{ role: 'user', content: 'What services do you offer?' }, { role: 'assistant', content: 'Software engineering, cloud, AI/ML and DevOps.' }] },
      { random },
    );
    expect(rendered.messages).toMatchSnapshot();
  });

  it('drops the oldest turns first to fit the budget', () => {
    const prompt = createCompanyAssistantPrompt({ knowledge });
    const history = Array.from({ length: 10 }, (_, index) => ({ role: index % 2 ? ('assistant' as const) : ('user' as const), content: `turn-${index} ${'words '.repeat(30)}` }));
    const full = prompt.render({ message: 'Hi', history }, { random });
    const fitted = prompt.render({ message: 'Hi', history }, { random, maxInputTokens: full.tokens - 60 });
    expect(fitted.trimmed[0]).toMatchObject({ variable: 'history', total: 10 });
    const kept = fitted.messages.slice(1, -1).map((message) => /turn-(\d)/.exec(message.content)![1]);
    expect(kept.at(-1)).toBe('9');
    expect(kept[0]).toBe(String(10 - kept.length));
  });

  it('requires the company name', () => {
    expect(() => createCompanyAssistantPrompt({ knowledge: { company: '' } })).toThrow(/knowledge\.company/);
  });
});
