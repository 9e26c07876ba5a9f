// ECharts with only the parts the dashboard and the explorer's histogram draw (bars, lines, a
// grid, legends, tooltips, the histogram's drag-to-zoom brush, the canvas renderer), so the
// bundle carries no maps, no 3D and no code that evaluates strings.
import { init, use, type EChartsType } from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { BrushComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, BrushComponent, CanvasRenderer]);

export { init, type EChartsType };
