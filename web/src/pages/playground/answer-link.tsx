import { ExportOutlined, PictureOutlined } from '@ant-design/icons';
import { Button, Flex, Popover, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { describeLink } from './markdown-blocks.ts';

/**
 * A link (or an image) in a model answer, inert until clicked: the answer holds no `<a href>` and
 * no `<img>`; a click shows the full address and the host, and only the "Open" button in that
 * popover is a real link (new tab, no opener, no referrer, nofollow). Images are never loaded.
 */
export function AnswerLink({ text, href, image = false }: { text: string; href: string; image?: boolean }) {
  const { t } = useTranslation();
  const { host, href: address } = describeLink(href);
  return (
    <Popover
      trigger="click"
      title={image ? t('playground.imageNotLoaded') : t('playground.linkLeaves', { host })}
      content={
        <Flex vertical gap={8} style={{ maxWidth: 360 }}>
          <Typography.Text code style={{ wordBreak: 'break-all' }} data-testid="link-address">
            {address}
          </Typography.Text>
          <Button
            type="primary"
            size="small"
            icon={<ExportOutlined />}
            href={address}
            target="_blank"
            rel="noopener noreferrer nofollow"
            referrerPolicy="no-referrer"
            data-testid="link-open"
          >
            {t('playground.openLink')}
          </Button>
        </Flex>
      }
    >
      <button type="button" className="answer-link" data-testid="answer-link" title={address}>
        {image && <PictureOutlined style={{ marginInlineEnd: 4 }} />}
        {text || t('playground.image')}
        <span className="answer-link-host"> ({host})</span>
      </button>
    </Popover>
  );
}
