import { theme } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * The legend of a chart: one toggle button per series (pressed = shown), wrapping onto more lines
 * when there are many. Long names are cut with an ellipsis and shown whole on hover.
 */
export function ChartLegend({
  series,
  hidden,
  onToggle,
}: {
  series: readonly { name: string; color: string }[];
  hidden: ReadonlySet<string>;
  onToggle(name: string): void;
}) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  return (
    <div
      role="group"
      aria-label={t('chart.legend')}
      style={{ display: 'flex', flexWrap: 'wrap', justifyContent: 'center', gap: '4px 12px', marginTop: 4 }}
    >
      {series.map((one) => {
        const shown = !hidden.has(one.name);
        return (
          <button
            key={one.name}
            type="button"
            aria-pressed={shown}
            title={one.name}
            onClick={() => onToggle(one.name)}
            style={{
              display: 'inline-flex',
              alignItems: 'center',
              gap: 6,
              maxWidth: 240,
              padding: '2px 4px',
              border: 'none',
              background: 'none',
              cursor: 'pointer',
              font: 'inherit',
              fontSize: token.fontSizeSM,
              color: shown ? token.colorText : token.colorTextDisabled,
            }}
          >
            <span
              aria-hidden
              style={{
                width: 14,
                height: 8,
                borderRadius: 2,
                flex: 'none',
                background: shown ? one.color : token.colorTextDisabled,
              }}
            />
            <span style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{one.name}</span>
          </button>
        );
      })}
    </div>
  );
}
