/**
 * Series colours, the same as ECharts' default and dark themes, so that the dashboard's charts and
 * the economics charts (drawn by ECharts) speak one colour language.
 */
const light = ['#5470c6', '#91cc75', '#fac858', '#ee6666', '#73c0de', '#3ba272', '#fc8452', '#9a60b4', '#ea7ccc'];
const dark = ['#4992ff', '#7cffb2', '#fddd60', '#ff6e76', '#58d9f9', '#05c091', '#ff8a45', '#8d48e3', '#dd79ff'];

export function seriesColor(index: number, darkTheme: boolean): string {
  const palette = darkTheme ? dark : light;
  return palette[index % palette.length]!;
}
