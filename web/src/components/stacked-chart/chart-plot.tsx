import type { PointerEvent } from 'react';
import { labelStep, valueScale } from './chart-scale.ts';
import { categoryAt, stackSeries, type ChartSeries, type StackSegment } from './stack-series.ts';

/** The colours the plot takes from the console's theme. */
export interface PlotColors {
  text: string;
  grid: string;
  axis: string;
  highlight: string;
}

export interface PlotProps {
  kind: 'bar' | 'area';
  layout: PlotLayout;
  categories: readonly string[];
  /** The visible series, in stacking order, each with its colour. */
  series: readonly (ChartSeries & { color: string })[];
  colors: PlotColors;
  /** The category under the pointer or keyboard focus, highlighted. */
  active: number | null;
  onActive(index: number | null): void;
}

/** The geometry of one drawing: value scale, plot area, stacked segments, category positions. */
export interface PlotLayout {
  width: number;
  height: number;
  left: number;
  top: number;
  plotWidth: number;
  plotHeight: number;
  band: number;
  ticks: { value: number; label: string }[];
  segments: StackSegment[][];
  /** Every how many categories a label is written. */
  everyLabel: number;
  y(value: number): number;
  centre(index: number): number;
}

const fontSize = 12;
/** Rough width of one character of the axis labels (12 px sans-serif, digits and Latin letters). */
const characterWidth = 7;
const margin = { top: 10, right: 8, bottom: 26 };

function longest(labels: readonly string[]): number {
  return Math.max(0, ...labels.map((label) => label.length));
}

/** Lays out a stacked chart of `width` × `height` pixels (the value labels decide the left margin). */
export function layoutPlot(options: {
  width: number;
  height: number;
  categories: readonly string[];
  series: readonly ChartSeries[];
  integers: boolean;
  formatAxis(value: number): string;
}): PlotLayout {
  const { width, height, categories } = options;
  const count = Math.max(1, categories.length);
  const { segments, highest } = stackSeries(options.series, count);
  const scale = valueScale(highest, { integers: options.integers });
  const ticks = scale.ticks.map((value) => ({ value, label: options.formatAxis(value) }));
  const left = longest(ticks.map((tick) => tick.label)) * characterWidth + 12;
  const plotWidth = Math.max(1, width - left - margin.right);
  const plotHeight = Math.max(1, height - margin.top - margin.bottom);
  const band = plotWidth / count;
  return {
    width,
    height,
    left,
    top: margin.top,
    plotWidth,
    plotHeight,
    band,
    ticks,
    segments,
    everyLabel: labelStep(count, band, longest(categories) * (characterWidth - 0.5) + 12),
    y: (value) => margin.top + plotHeight - (value / scale.max) * plotHeight,
    centre: (index) => left + band * index + band / 2,
  };
}

/** A category label's centre, moved inwards where the label would stick out of the drawing. */
function labelCentre(layout: PlotLayout, index: number, label: string): number {
  const half = (label.length * (characterWidth - 0.5)) / 2;
  return Math.min(Math.max(layout.centre(index), half), layout.width - half);
}

/**
 * The drawing of a stacked chart, as SVG: value axis with grid lines, category labels that do
 * not overlap, bars or stacked areas, and the active category highlighted. Pure output of its
 * props; pointer moves report the category under the pointer.
 */
export function ChartPlot(props: PlotProps) {
  const { kind, layout, categories, series, colors, active } = props;
  const { width, height, left, plotWidth, plotHeight, band, segments, y, centre } = layout;
  const count = Math.max(1, categories.length);

  const onPointerMove = (event: PointerEvent<SVGSVGElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const x = event.clientX - box.left - left;
    props.onActive(x < 0 || x > plotWidth ? null : categoryAt(x, plotWidth, count));
  };

  return (
    <svg
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      aria-hidden="true"
      focusable="false"
      onPointerMove={onPointerMove}
      onPointerLeave={() => props.onActive(null)}
      style={{ display: 'block', fontSize, fontFamily: 'inherit' }}
    >
      {active !== null && kind === 'bar' && (
        <rect x={left + band * active} y={layout.top} width={band} height={plotHeight} fill={colors.highlight} />
      )}
      {layout.ticks.map((tick, index) => (
        <g key={tick.value}>
          <line
            x1={left}
            x2={left + plotWidth}
            y1={y(tick.value)}
            y2={y(tick.value)}
            stroke={index === 0 ? colors.axis : colors.grid}
          />
          <text x={left - 6} y={y(tick.value)} dy="0.32em" textAnchor="end" fill={colors.text}>
            {tick.label}
          </text>
        </g>
      ))}
      {categories.map((label, index) =>
        index % layout.everyLabel === 0 ? (
          <text key={index} x={labelCentre(layout, index, label)} y={height - 8} textAnchor="middle" fill={colors.text}>
            {label}
          </text>
        ) : null,
      )}
      {kind === 'bar'
        ? series.map((one, seriesIndex) => (
            <g key={one.name} fill={one.color} data-series={one.name}>
              {segments[seriesIndex]!.map((segment, index) =>
                segment.high > segment.low ? (
                  <rect
                    key={index}
                    x={left + band * index + band * 0.2}
                    width={Math.max(1, band * 0.6)}
                    y={y(segment.high)}
                    height={Math.max(1, y(segment.low) - y(segment.high))}
                  />
                ) : null,
              )}
            </g>
          ))
        : series.map((one, seriesIndex) => {
            const stack = segments[seriesIndex]!;
            const top = stack.map((segment, index) => `${centre(index)},${y(segment.high)}`);
            const bottom = stack.map((segment, index) => `${centre(index)},${y(segment.low)}`).reverse();
            return (
              <g key={one.name} data-series={one.name}>
                <polygon points={[...top, ...bottom].join(' ')} fill={one.color} fillOpacity={0.25} />
                <polyline points={top.join(' ')} fill="none" stroke={one.color} strokeWidth={2} />
              </g>
            );
          })}
      {active !== null && kind === 'area' && (
        <g>
          <line
            x1={centre(active)}
            x2={centre(active)}
            y1={layout.top}
            y2={layout.top + plotHeight}
            stroke={colors.axis}
          />
          {series.map((one, seriesIndex) => (
            <circle
              key={one.name}
              cx={centre(active)}
              cy={y(segments[seriesIndex]![active]!.high)}
              r={3.5}
              fill={one.color}
            />
          ))}
        </g>
      )}
    </svg>
  );
}
