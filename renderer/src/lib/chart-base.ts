// What every dashboard chart's option shares: the option type (only the ECharts parts we
// register), the palette read from the app's theme, the chart model that ties a drawn element
// back to its drill-down terms, and the tooltip, axis and number styles. Pure: the palette is
// passed in, so options are built and tested without a DOM.
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import type { DrillTerm } from './dashboard-query.js';
import { formatDuration, groupDigits } from './format.js';

export type ChartOption = ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

/** Colours from the theme's custom properties (styles/theme.css), so charts follow light and dark. */
export interface ChartPalette {
  text: string;
  textDim: string;
  border: string;
  surface: string;
  ok: string;
  redirect: string;
  clientError: string;
  serverError: string;
  accent: string;
  user: string;
  log: string;
  /** For series without a meaning of their own (users, clients). */
  series: readonly string[];
}

/** A light palette for tests and for a document without the theme. */
export const FALLBACK_PALETTE: ChartPalette = {
  text: '#1b1f26',
  textDim: '#687080',
  border: '#e4e6ea',
  surface: '#ffffff',
  ok: '#2b8a3e',
  redirect: '#1971c2',
  clientError: '#c2570c',
  serverError: '#d6336c',
  accent: '#3d5afe',
  user: '#7b4fd6',
  log: '#5f6b7a',
  series: ['#3d5afe', '#7b4fd6', '#2b8a3e', '#c2570c', '#d6336c', '#1971c2', '#5f6b7a', '#0c8599'],
};

export interface ChartModel {
  option: ChartOption;
  /** Nothing to draw (the card says so instead of showing empty axes). */
  empty: boolean;
  /** The drill-down terms of the drawn element at (series, data index); null where nothing drills. */
  drill(seriesIndex: number, dataIndex: number): DrillTerm[] | null;
}

/** Plot margins in pixels, fixed so the plot does not jump as labels change. */
export const TIME_GRID = { left: 56, right: 16, top: 36, bottom: 28 } as const;
export const BAR_GRID = { left: 200, right: 72, top: 8, bottom: 24 } as const;

/** 10,000 */
export const formatCount = (n: number | null | undefined): string => (n === null || n === undefined ? '–' : groupDigits(Math.round(n)));

/** 78.9 ms (format.ts's duration, with the unit) */
export const formatMs = (ms: number | null | undefined): string => (ms === null || ms === undefined ? '–' : `${formatDuration(ms)} ms`);

/** A share as a percentage with one decimal: 12.5% (0% and 100% stay whole). */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '–';
  const pct = ratio * 100;
  if (pct === 0 || pct === 100) return `${pct}%`;
  return `${pct.toFixed(1)}%`;
}

/**
 * Tooltips drawn on the canvas ('richText'), never as HTML: ECharts would otherwise put the
 * formatter's string into innerHTML, and its own markers carry inline styles that the CSP refuses.
 */
export function tooltipBase(palette: ChartPalette, trigger: 'axis' | 'item'): TooltipComponentOption {
  return {
    trigger,
    renderMode: 'richText',
    confine: true,
    backgroundColor: palette.surface,
    borderColor: palette.border,
    textStyle: { color: palette.text, fontSize: 12 },
    ...(trigger === 'axis' ? { axisPointer: { type: 'shadow' as const } } : {}),
  };
}

/** A value axis of counts: whole ticks only (never 1, 1, 2, 2 from rounded halves). */
export const COUNT_AXIS = { minInterval: 1 } as const;

export function axisStyle(palette: ChartPalette) {
  return {
    axisLine: { lineStyle: { color: palette.border } },
    axisTick: { show: false },
    axisLabel: { color: palette.textDim, fontSize: 11 },
    splitLine: { lineStyle: { color: palette.border } },
  };
}

/** A chart model with nothing in it. */
export function emptyModel(): ChartModel {
  return { option: {}, empty: true, drill: () => null };
}
