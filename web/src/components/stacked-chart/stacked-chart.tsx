import { theme } from 'antd';
import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { usePreferences } from '../../theme/preferences-context.tsx';
import { ChartLegend } from './chart-legend.tsx';
import { ChartPlot, layoutPlot } from './chart-plot.tsx';
import { seriesColor } from './chart-palette.ts';
import type { ChartSeries } from './stack-series.ts';
import { useElementWidth } from './use-element-width.ts';

export interface StackedChartProps {
  kind: 'bar' | 'area';
  /** The name of the chart, read by screen readers. */
  ariaLabel: string;
  /** One label per category (time bucket), in order. */
  categories: readonly string[];
  series: readonly ChartSeries[];
  /** Counts: the value axis steps by whole numbers. */
  integers?: boolean;
  formatValue(value: number): string;
  /** Value-axis labels (shorter than formatValue's, e.g. "12K"); formatValue by default. */
  formatAxis?(value: number): string;
  height?: number;
}

/**
 * A stacked bar or area chart drawn as SVG by React (no chart library: the dashboard shows it on
 * its first paint). Hover or focus it and use the arrow keys to read a category's values in a
 * tooltip; the legend's buttons hide and show series; a table of the same figures is there for
 * screen readers. Series names come from the API and are rendered as text only.
 */
export function StackedChart({ kind, ariaLabel, categories, series, integers = false, ...props }: StackedChartProps) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const { themeMode } = usePreferences();
  const containerRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(containerRef);
  const height = props.height ?? 260;
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const [active, setActive] = useState<number | null>(null);
  const tooltipId = useId();
  const formatAxis = props.formatAxis ?? props.formatValue;

  const coloured = useMemo(
    () => series.map((one, index) => ({ ...one, color: seriesColor(index, themeMode === 'dark') })),
    [series, themeMode],
  );
  const visible = coloured.filter((one) => !hidden.has(one.name));
  const layout = layoutPlot({ width, height, categories, series: visible, integers, formatAxis });
  const shown = active !== null && active < categories.length ? active : null;

  /** Arrow keys step through the categories (from the latest one), Home and End jump, Escape hides the tooltip. */
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const last = categories.length - 1;
    const moves: Record<string, () => number | null> = {
      ArrowLeft: () => (shown === null ? last : Math.max(0, shown - 1)),
      ArrowRight: () => (shown === null ? last : Math.min(last, shown + 1)),
      Home: () => 0,
      End: () => last,
      Escape: () => null,
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    setActive(move());
  };

  return (
    <figure style={{ margin: 0 }} data-testid="stacked-chart" data-kind={kind}>
      <div
        ref={containerRef}
        role="img"
        aria-label={`${ariaLabel}. ${t('chart.keyboardHint')}`}
        aria-describedby={shown === null ? undefined : tooltipId}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onFocus={() => setActive((current) => current ?? Math.max(0, categories.length - 1))}
        onBlur={() => setActive(null)}
        style={{ position: 'relative', height, outlineOffset: 2 }}
      >
        {width > 0 && (
          <ChartPlot
            kind={kind}
            layout={layout}
            categories={categories}
            series={visible}
            active={shown}
            onActive={setActive}
            colors={{
              text: token.colorTextSecondary,
              grid: token.colorBorderSecondary,
              axis: token.colorBorder,
              highlight: token.colorFillTertiary,
            }}
          />
        )}
        {shown !== null && width > 0 && (
          <div
            id={tooltipId}
            role="tooltip"
            data-testid="chart-tooltip"
            style={{
              position: 'absolute',
              top: layout.top,
              ...(layout.centre(shown) < width / 2
                ? { left: layout.centre(shown) + 16 }
                : { right: width - layout.centre(shown) + 16 }),
              pointerEvents: 'none',
              background: token.colorBgElevated,
              color: token.colorText,
              boxShadow: token.boxShadowSecondary,
              borderRadius: token.borderRadius,
              padding: '8px 12px',
              fontSize: token.fontSizeSM,
              maxWidth: 320,
              zIndex: 1,
            }}
          >
            <div style={{ fontWeight: 600, marginBottom: 4 }}>{categories[shown]}</div>
            {visible.map((one) => (
              <div key={one.name} style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
                <span
                  aria-hidden
                  style={{ width: 8, height: 8, borderRadius: 4, background: one.color, flex: 'none' }}
                />
                <span style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{one.name}</span>
                <span style={{ marginInlineStart: 'auto', paddingInlineStart: 12, fontVariantNumeric: 'tabular-nums' }}>
                  {props.formatValue(one.values[shown] ?? 0)}
                </span>
              </div>
            ))}
            {visible.length > 1 && (
              <div style={{ display: 'flex', marginTop: 4, fontWeight: 600 }}>
                <span>{t('chart.total')}</span>
                <span style={{ marginInlineStart: 'auto', paddingInlineStart: 12 }}>
                  {props.formatValue(visible.reduce((sum, one) => sum + (one.values[shown] ?? 0), 0))}
                </span>
              </div>
            )}
          </div>
        )}
      </div>
      <ChartLegend
        series={coloured}
        hidden={hidden}
        onToggle={(name) =>
          setHidden((current) => {
            const next = new Set(current);
            if (!next.delete(name)) next.add(name);
            return next;
          })
        }
      />
      <div className="visually-hidden">
        <table>
          <caption>{ariaLabel}</caption>
          <thead>
            <tr>
              <th scope="col">{t('chart.category')}</th>
              {visible.map((one) => (
                <th scope="col" key={one.name}>
                  {one.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {categories.map((label, index) => (
              <tr key={index}>
                <th scope="row">{label}</th>
                {visible.map((one) => (
                  <td key={one.name}>{props.formatValue(one.values[index] ?? 0)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
