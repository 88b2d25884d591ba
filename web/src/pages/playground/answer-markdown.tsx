import { Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { CopyButton } from '../../components/copy-button.tsx';
import { AnswerLink } from './answer-link.tsx';
import { parseBlocks, type Block, type Inline } from './markdown-blocks.ts';

/**
 * A model answer as Markdown. Model output is untrusted: the text is parsed into React elements
 * (no HTML, no dangerouslySetInnerHTML), so markup stays text and the content security policy
 * holds; links are web links only and inert until clicked, images are never loaded (answer-link.tsx).
 */
export function AnswerMarkdown({ text }: { text: string }) {
  return (
    <div className="answer-markdown" data-testid="message-text">
      {parseBlocks(text).map((block, index) => renderBlock(block, index))}
    </div>
  );
}

function renderBlock(block: Block, key: number): ReactNode {
  switch (block.kind) {
    case 'code':
      return (
        <div key={key} className="answer-code" data-testid="answer-code" data-language={block.language}>
          <Flex justify="space-between" align="center">
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {block.language || 'text'}
            </Typography.Text>
            <CopyButton text={block.text} />
          </Flex>
          <pre className="code-block">
            <code>{block.text}</code>
          </pre>
        </div>
      );
    case 'heading':
      return (
        <Typography.Title key={key} level={Math.min(5, block.level + 2) as 3 | 4 | 5} style={{ marginTop: 8 }}>
          {renderInline(block.content)}
        </Typography.Title>
      );
    case 'list': {
      const items = block.items.map((item, index) => <li key={index}>{renderInline(item)}</li>);
      return block.ordered ? <ol key={key}>{items}</ol> : <ul key={key}>{items}</ul>;
    }
    case 'quote':
      return <blockquote key={key}>{renderInline(block.content)}</blockquote>;
    case 'paragraph':
      return (
        <p key={key} className="plain-text">
          {renderInline(block.content)}
        </p>
      );
  }
}

function renderInline(spans: Inline[]): ReactNode[] {
  return spans.map((span, index) => {
    switch (span.kind) {
      case 'text':
        return span.text;
      case 'code':
        return <code key={index}>{span.text}</code>;
      case 'strong':
        return <strong key={index}>{renderInline(span.children)}</strong>;
      case 'em':
        return <em key={index}>{renderInline(span.children)}</em>;
      case 'link':
        return <AnswerLink key={index} text={span.text} href={span.href} />;
      case 'image':
        return <AnswerLink key={index} text={span.alt} href={span.href} image />;
    }
  });
}
