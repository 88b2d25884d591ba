import { CheckOutlined, CopyOutlined } from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Copies text to the clipboard (falls back to a hidden textarea where the Clipboard API is unavailable). */
export function CopyButton({
  text,
  label,
  size = 'small',
}: {
  text: string;
  label?: string;
  size?: 'small' | 'middle';
}) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (!copied) return;
    const timer = window.setTimeout(() => setCopied(false), 1_500);
    return () => window.clearTimeout(timer);
  }, [copied]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      const area = document.createElement('textarea');
      area.value = text;
      document.body.append(area);
      area.select();
      document.execCommand('copy');
      area.remove();
    }
    setCopied(true);
  };

  const title = copied ? t('common.copied') : (label ?? t('common.copy'));
  // The tooltip shows on hover only and closes on any key: Esc then reaches the dialog around the
  // button (a focused tooltip used to swallow it).
  const [hovered, setHovered] = useState(false);
  return (
    <Tooltip title={title} open={hovered} trigger={[]}>
      <Button
        size={size}
        icon={copied ? <CheckOutlined /> : <CopyOutlined />}
        onClick={() => void copy()}
        onMouseEnter={() => setHovered(true)}
        onMouseLeave={() => setHovered(false)}
        onKeyDown={() => setHovered(false)}
        aria-label={title}
        data-testid="copy-button"
      >
        {label}
      </Button>
    </Tooltip>
  );
}
