/** A heat-map cell's drill-down: the class's shared lessons of that week, under the dashboard's filters (`query`: '' or '?…'). */
export function cellHref(query: string, classId: string, weekStart: string): string {
  return `/department${query}${query ? '&' : '?'}cellClass=${classId}&cellWeek=${weekStart}#lessons`;
}
