// ECharts with only the parts the dashboard draws (bars, lines, a grid, legends, tooltips, the
// canvas renderer), so the bundle carries no maps, no 3D and no code that evaluates strings.
import { init, use, type EChartsType } from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export { init, type EChartsType };
