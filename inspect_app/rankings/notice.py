"""The notice of results (通报) in the shape of the office's documents (DOMAIN.md, "Documents the office sends")."""

import io
from dataclasses import dataclass
from datetime import date, timedelta

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from sqlmodel import Session, select

from inspect_app.models import Area, AreaLevel
from inspect_app.rankings.services import RankingRow, RankingView

FONT = "STSong-Light"  # reportlab's built-in CID font: no font file needed
DEFAULT_DISTRICT = "东洲区"
BOTTOM = 5  # ranked subjects named as lagging behind
LISTED = 300  # rankings longer than this list the head and the tail only
ADDRESSEES = "各乡（镇）党委、人民政府，{district}脱贫攻坚领导小组各成员单位："


@dataclass(frozen=True)
class Notice:
    """What the notice says; the office may change issuer, number, addressees, deadline and date."""

    issuer: str
    number: str
    title: str
    addressees: str
    period: str
    intro: str
    ranking: RankingView
    listed: list[RankingRow]
    vetoed: list[RankingRow]
    bottom: list[RankingRow]
    deadline: date | None
    office: str
    issued_on: date

    @property
    def demand(self) -> str:
        """The rectification demand with its deadline."""
        by = f"于{chinese_date(self.deadline)}前" if self.deadline else "限期"
        return (
            f"各乡（镇）、各有关单位要对照本次考核发现的问题，逐项建立整改台账，明确牵头和协同责任单位，{by}完成整改，"
            f"并将整改情况书面报送{self.office}。被一票否决和排名靠后的考核对象要深刻剖析原因，主要负责同志要作出说明。"
        )


def chinese_date(day: date) -> str:
    """2020年4月30日."""
    return f"{day.year}年{day.month}月{day.day}日"


def district_name(session: Session) -> str:
    """The district's (or county's) name, from the area tree; the default otherwise."""
    name = session.exec(
        select(Area.name).where(Area.level.in_([AreaLevel.DISTRICT, AreaLevel.COUNTY])).order_by(Area.id)
    ).first()
    return name or DEFAULT_DISTRICT


def make_notice(session: Session, ranking: RankingView, args) -> Notice:
    """The notice of a ranking; query args override issuer, number, addressees, deadline and date."""
    district = district_name(session)
    campaign = ranking.campaign
    issuer = (args.get("issuer") or f"{district}脱贫攻坚领导小组").strip()
    issued_on = _day(args.get("issued_on")) or date.today()
    assessed = ranking.assessed_on
    deadline = _day(args.get("deadline")) or (
        assessed + timedelta(days=ranking.rectify_days) if assessed and ranking.rectify_days else None
    )
    ranked = [row for row in ranking.rows if row.rank is not None and not row.vetoed]
    listed = ranking.rows if len(ranking.rows) <= LISTED else ranking.rows[:20] + ranking.rows[-20:]
    return Notice(
        issuer=issuer,
        number=(args.get("number") or f"{district[:1]}脱贫发〔{issued_on.year}〕1号").strip(),
        title=f"关于{campaign.title}结果的通报",
        addressees=(args.get("addressees") or ADDRESSEES.format(district=district)).strip(),
        period=f"{campaign.year}年{campaign.period}",
        intro=(
            f"{campaign.year}年{campaign.period}，{issuer}组织对{len(ranking.rows)}个考核对象开展了{campaign.title}，"
            f"按照《{ranking.checklist_version.title}》逐项评分，共签认评分表{ranking.signed_off}份。现将结果通报如下。"
        ),
        ranking=ranking,
        listed=listed,
        vetoed=[row for row in ranking.rows if row.vetoed],
        bottom=ranked[-BOTTOM:][::-1],
        deadline=deadline,
        office=f"{issuer}办公室",
        issued_on=issued_on,
    )


def _day(text: str | None) -> date | None:
    """A YYYY-MM-DD date, or None when empty or not a date."""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def notice_pdf(notice: Notice) -> bytes:
    """The notice as an A4 PDF in Chinese (reportlab, built-in CID font)."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    style = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=18, firstLineIndent=22, wordWrap="CJK")
    plain = ParagraphStyle("plain", parent=style, firstLineIndent=0)
    head = ParagraphStyle("head", parent=style, fontSize=22, leading=30, alignment=TA_CENTER, textColor=colors.red)
    centre = ParagraphStyle("centre", parent=plain, alignment=TA_CENTER)
    title = ParagraphStyle("title", parent=centre, fontSize=16, leading=24)
    right = ParagraphStyle("right", parent=plain, alignment=TA_RIGHT)
    cell = ParagraphStyle("cell", parent=plain, fontSize=9, leading=12)

    def p(text: str, how: ParagraphStyle = style) -> Paragraph:
        return Paragraph(_escape(text), how)

    story = [p(f"{notice.issuer}文件", head), p(notice.number, centre), Spacer(1, 6 * mm), p(notice.title, title)]
    story += [Spacer(1, 4 * mm), p(notice.addressees, plain), p(notice.intro), p("一、考核结果", plain)]
    header = ["排名", "考核对象", "乡镇", "得分", "等次", "否决原因"]
    rows = [[p(str(x), cell) for x in line] for line in [header] + [_line(row) for row in notice.listed]]
    table = Table(rows, repeatRows=1, colWidths=[14 * mm, 40 * mm, 30 * mm, 18 * mm, 16 * mm, 50 * mm])
    table.setStyle(
        TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey)])
    )
    story += [table, p("二、一票否决和排名靠后的考核对象", plain), p(vetoed_text(notice)), p(bottom_text(notice))]
    story += [p("三、发现的主要问题", plain)] + [p(text) for text in problem_lines(notice)]
    story += [p("四、整改要求", plain), p(notice.demand), Spacer(1, 10 * mm)]
    story += [p(notice.office, right), p(chinese_date(notice.issued_on), right)]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, title=notice.title, leftMargin=20 * mm, rightMargin=20 * mm).build(story)
    return out.getvalue()


def _line(row: RankingRow) -> list[str]:
    """A ranking row of the notice's table."""
    score = "—" if row.score is None else str(row.score)
    return [str(row.rank or "—"), row.name, row.group, score, row.grade or "—", "；".join(row.veto_reasons)]


def vetoed_text(notice: Notice) -> str:
    """Who was vetoed, and why."""
    if not notice.vetoed:
        return "本次考核无一票否决的考核对象。"
    named = "；".join(f"{row.group}{row.name}（{'、'.join(row.veto_reasons)}）" for row in notice.vetoed)
    return f"被一票否决的考核对象{len(notice.vetoed)}个：{named}。"


def bottom_text(notice: Notice) -> str:
    """The last ranked subjects."""
    if not notice.bottom:
        return ""
    named = "、".join(f"{row.group}{row.name}（{row.score}分）" for row in notice.bottom)
    return f"排名靠后的考核对象：{named}。"


def problem_lines(notice: Notice) -> list[str]:
    """The items that cost most points across the campaign."""
    if not notice.ranking.problems:
        return ["本次考核未发现扣分问题。"]
    return [
        f"{n}. {text}（{code}）：{subjects}个考核对象失分，共扣{lost:g}分。"
        for n, (code, text, subjects, lost) in enumerate(notice.ranking.problems, start=1)
    ]


def _escape(text: str) -> str:
    """Text for a reportlab paragraph (its mini-markup escaped)."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
