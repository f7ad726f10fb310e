/**
 * A small ECharts wrapper: registers only the modules the statistics page uses (bar, pie, grid, tooltip,
 * legend, SVG renderer) through `echarts/core`, follows its container's size, and disposes on unmount.
 * SVG rather than canvas so that printed charts stay sharp and scale to the page.
 */
import { BarChart, type BarSeriesOption, PieChart, type PieSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  type GridComponentOption,
  LegendComponent,
  type LegendComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
} from 'echarts/components';
import { type ComposeOption, type EChartsType, init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

use([BarChart, PieChart, GridComponent, TooltipComponent, LegendComponent, SVGRenderer]);

export type ChartOption = ComposeOption<
  BarSeriesOption | PieSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption
>;

export function EChart({
  option,
  height = 320,
  label,
  testId,
}: {
  option: ChartOption;
  height?: number;
  /** What the chart shows, for screen readers (the same figures are in the tables below). */
  label: string;
  testId?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const latest = useRef(option);
  latest.current = option;

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const instance = init(el, undefined, { renderer: 'svg', locale: 'ZH' });
    chart.current = instance;
    instance.setOption(latest.current, { notMerge: true });
    const resize = () => instance.resize();
    const observer = new ResizeObserver(resize);
    observer.observe(el);
    // The print layout is narrower than the screen: redraw for it, and back afterwards.
    window.addEventListener('beforeprint', resize);
    window.addEventListener('afterprint', resize);
    return () => {
      observer.disconnect();
      window.removeEventListener('beforeprint', resize);
      window.removeEventListener('afterprint', resize);
      chart.current = null;
      instance.dispose();
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={ref} className="gk-chart" style={{ height }} role="img" aria-label={label} data-testid={testId} />;
}
