/**
 * A CloudWatch dashboard as typed data: widgets are objects, laid out on CloudWatch's 24-column grid in the
 * order they are given, and serialized with JSON.stringify (same input, same bytes).
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html
 */

/** CloudWatch's grid: 24 columns. */
export const GRID_COLUMNS = 24;

export interface TextWidget {
  readonly type: "text";
  readonly markdown: string;
  readonly height: number;
}

/** The graph of one alarm: its metric and threshold (CloudWatch allows one alarm per such widget). */
export interface AlarmGraphWidget {
  readonly type: "alarm-graph";
  readonly title: string;
  readonly alarmArn: string;
}

/** The state of many alarms at once. */
export interface AlarmStatusWidget {
  readonly type: "alarm-status";
  readonly title: string;
  readonly alarmArns: readonly string[];
}

export type Widget = TextWidget | AlarmGraphWidget | AlarmStatusWidget;

interface Placed {
  readonly type: "text" | "metric" | "alarm";
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: Record<string, unknown>;
}

const GRAPH = { width: 8, height: 6 };

/**
 * Rows top to bottom: full-width text and status widgets on rows of their own, alarm graphs three to a row.
 */
export function layout(widgets: readonly Widget[], region: string): Placed[] {
  const placed: Placed[] = [];
  let y = 0;
  let x = 0;
  let rowHeight = 0;
  const newRow = () => {
    y += rowHeight;
    x = 0;
    rowHeight = 0;
  };
  for (const widget of widgets) {
    if (widget.type === "alarm-graph") {
      if (x + GRAPH.width > GRID_COLUMNS) newRow();
      placed.push({
        type: "metric",
        x,
        y,
        ...GRAPH,
        properties: { title: widget.title, region, annotations: { alarms: [widget.alarmArn] } },
      });
      x += GRAPH.width;
      rowHeight = Math.max(rowHeight, GRAPH.height);
      continue;
    }
    newRow();
    const height = widget.type === "text" ? widget.height : 2 + Math.ceil(widget.alarmArns.length / 4);
    placed.push(
      widget.type === "text"
        ? { type: "text", x: 0, y, width: GRID_COLUMNS, height, properties: { markdown: widget.markdown } }
        : {
            type: "alarm",
            x: 0,
            y,
            width: GRID_COLUMNS,
            height,
            properties: { title: widget.title, alarms: [...widget.alarmArns] },
          },
    );
    rowHeight = height;
    // Full width: the next graph starts a row of its own.
    x = GRID_COLUMNS;
  }
  return placed;
}

/** The dashboard_body of aws_cloudwatch_dashboard. */
export function dashboardBody(widgets: readonly Widget[], region: string): string {
  return JSON.stringify({ widgets: layout(widgets, region) });
}
