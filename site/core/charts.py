"""Horizontal bar charts drawn as SVG by `templates/components/bar_chart.html`, with the
table of their figures: the influence report, the media plan and the Pacte's steering
committee use them."""

# Each label sits on its own line above its bar, so long labels ("Organisme de formation /
# OPCO") are never clipped, and the chart is 420 units wide: drawn at about 340 px on a
# 375 px screen, its 15-unit text stays above 12 px.
CHART_WIDTH = 420
LABEL_SIZE = 15
BAR_HEIGHT = 18
ROW_HEIGHT = 52  # label line, gap, bar, space before the next label
VALUE_SPACE = 44


def bar_chart(items):
    """Horizontal bars for (label, value) pairs, scaled to the largest value."""
    largest = max((value for _label, value in items), default=0) or 1
    bar_max = CHART_WIDTH - VALUE_SPACE
    bars = []
    for index, (label, value) in enumerate(items):
        top = index * ROW_HEIGHT
        bar_y = top + LABEL_SIZE + 6
        width = round(bar_max * value / largest)
        bars.append(
            {
                "label": label,
                "value": value,
                "label_y": top + LABEL_SIZE,
                "y": bar_y,
                "text_y": bar_y + BAR_HEIGHT // 2,
                "width": width,
                "value_x": width + 8,
            }
        )
    return {
        "bars": bars,
        "bar_height": BAR_HEIGHT,
        "width": CHART_WIDTH,
        "height": max(len(items) * ROW_HEIGHT - (ROW_HEIGHT - LABEL_SIZE - 6 - BAR_HEIGHT), 40),
    }
