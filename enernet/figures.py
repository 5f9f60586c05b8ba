"""What every page enernet writes shares: seaborn set up headless, figures saved inside a directory
through no symlink, a message in an empty panel, and one self-contained HTML page (figures
embedded, no script, no network)."""
from __future__ import annotations

import base64
import html
from pathlib import Path

from enernet.run_integrity import write_inside


def setup_plotting():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import seaborn as sns

    sns.set_theme(style="whitegrid", context="notebook")
    return plt, sns


def png_bytes(fig) -> bytes:
    """``fig`` as PNG (110 dpi, trimmed), closed once drawn."""
    import io

    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def save_figure(fig, root: Path, name: str) -> Path:
    """Write ``fig`` as ``root/figures/name`` (inside ``root``, through no symlink)."""
    return write_inside(root, f"figures/{name}", png_bytes(fig))


def panel_message(ax, text: str) -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, fontsize=12, color="0.35")
    ax.set_xticks([])
    ax.set_yticks([])


def page_html(title: str, body: str) -> str:
    """A self-contained page (no script, no network): ``title`` and ``body`` (HTML)."""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; color: #222; }}
table {{ border-collapse: collapse; font-size: 0.9em; }} td, th {{ padding: 2px 8px; border-bottom: 1px solid #ddd; }}
td.num {{ text-align: right; font-variant-numeric: tabular-nums; }} img {{ max-width: 100%; }}
th.section {{ text-align: left; background: #f3f3f3; }} .note {{ color: #555; }}
figure {{ margin: 2em 0; }} figcaption {{ color: #555; }} pre {{ font-size: 0.8em; max-height: 30em; overflow: auto; }}
</style></head><body>
<h1>{html.escape(title)}</h1>
{body}
</body></html>
"""


def figure_html(name: str, png: bytes, caption: str) -> str:
    """One figure, embedded in the page (no file beside it), with its caption."""
    data = base64.b64encode(png).decode("ascii")
    return (f"<figure><img alt='{html.escape(name)}' src='data:image/png;base64,{data}'>"
            f"<figcaption>{html.escape(caption)}</figcaption></figure>")


def figure_sections(figures: dict[str, tuple[Path, str]]) -> str:
    """The figures written in a run or sweep directory, embedded in order."""
    return "".join(figure_html(name, path.read_bytes(), caption) for name, (path, caption) in figures.items())


