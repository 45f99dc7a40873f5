"""Build the bundled Word templates (edudx/documents/templates_docx/*.docx) with python-docx.

    uv run python scripts/build_document_templates.py [OUT_DIR]

The .docx files are committed; this script is how they were made, so a change of layout is a
change here and a rerun. It lives outside the package because the running site only reads the
files it made. OUT_DIR (default: the bundled directory) lets a rerun be compared before it
replaces anything. The templates follow Nghị định 30/2020/NĐ-CP: A4, margins top/bottom
20 mm, left 30 mm, right 15 mm; Times New Roman 14 (13 in the header and tables); the header
in two columns (issuing unit, national emblem lines), the number and symbol, the place and date
line, the title, the body, then "Nơi nhận" beside the signature block. Placeholders are docxtpl's
Jinja tags, each written as one run so Word never splits them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

OUT = Path(__file__).resolve().parent.parent / "edudx" / "documents" / "templates_docx"
FONT = "Times New Roman"
CENTER, LEFT, JUSTIFY, RIGHT = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.LEFT,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
    WD_ALIGN_PARAGRAPH.RIGHT,
)


# -- low-level helpers ---------------------------------------------------------------------------


def new_document(landscape: bool = False):
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    for style_name in ("Normal", "Table Grid"):
        style = doc.styles[style_name]
        style.font.name = FONT
        style.font.size = Pt(14)
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.append(fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), FONT)
    pf = doc.styles["Normal"].paragraph_format
    pf.space_before, pf.space_after, pf.line_spacing = Pt(0), Pt(4), 1.1
    return doc


def para(
    container,
    *runs,
    align=JUSTIFY,
    size=14,
    indent=True,
    after=4,
    before=0,
):
    """A paragraph of runs; a run is a string or (text, "b"/"i"/"bi"/"u")."""
    p = container.add_paragraph()
    p.alignment = align
    p.paragraph_format.space_after = Pt(after)
    p.paragraph_format.space_before = Pt(before)
    if indent and align == JUSTIFY:
        p.paragraph_format.first_line_indent = Mm(10)
    for run in runs:
        text, style = (run, "") if isinstance(run, str) else run
        r = p.add_run(text)
        r.font.size = Pt(size)
        r.font.name = FONT
        r.bold = "b" in style
        r.italic = "i" in style
        r.underline = "u" in style
    return p


def tag(container, text):
    """A paragraph holding only a docxtpl block tag ({%p …%}); it disappears when rendered."""
    p = container.add_paragraph()
    p.paragraph_format.space_after = Pt(0)
    p.add_run(text)
    return p


def cell_para(cell, *runs, align=CENTER, size=13, first=False, after=0):
    if first:
        p = cell.paragraphs[0]
        p.alignment = align
        p.paragraph_format.space_after = Pt(after)
        for run in runs:
            text, style = (run, "") if isinstance(run, str) else run
            r = p.add_run(text)
            r.font.size = Pt(size)
            r.bold = "b" in style
            r.italic = "i" in style
            r.underline = "u" in style
        return p
    return para(cell, *runs, align=align, size=size, indent=False, after=after)


def widths(table, mm):
    table.autofit = False
    for row in table.rows:
        for cell, w in zip(row.cells, mm, strict=True):
            cell.width = Mm(w)


def no_borders(table):
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def short_rule(cell_or_doc, width="__________", size=13):
    """The short line under the unit name and under the national motto."""
    p = (
        cell_or_doc.add_paragraph()
        if hasattr(cell_or_doc, "add_paragraph")
        else cell_or_doc.paragraphs[0]
    )
    p.alignment = CENTER
    p.paragraph_format.space_after = Pt(2)
    r = p.add_run(width)
    r.font.size = Pt(size - 5)
    r.bold = True
    return p


# -- the parts every document shares ---------------------------------------------------------------


def header(doc, *, with_number=True, with_date=True):
    table = doc.add_table(rows=1, cols=2)
    no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    cell_para(left, "{{ doc.parent_name }}", first=True)
    cell_para(left, ("{{ doc.unit_name }}", "b"))
    short_rule(left, "________")
    if with_number:
        cell_para(left, "{{ doc.number_line }}", after=2)
    cell_para(right, ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "b"), first=True)
    cell_para(right, ("Độc lập - Tự do - Hạnh phúc", "b"), size=14)
    short_rule(right, "_____________________")
    if with_date:
        cell_para(right, ("{{ doc.place_date }}", "i"), size=14, after=2)
    widths(table, [70, 95])
    return table


def title(doc, extra_line=""):
    para(doc, ("{{ doc.title }}", "b"), align=CENTER, before=12, after=0, indent=False)
    para(doc, ("{{ doc.subtitle }}", "b"), align=CENTER, after=0, indent=False)
    short_rule(doc, "__________")
    if extra_line:
        para(doc, (extra_line, "b"), align=CENTER, before=6, after=6, indent=False)


def recipients_cell(cell, first=True):
    cell_para(cell, ("Nơi nhận:", "bi"), align=LEFT, size=12, first=first)
    tag(cell, "{%p for r in recipients %}")
    cell_para(cell, "- {{ r }}", align=LEFT, size=11)
    tag(cell, "{%p endfor %}")


def signature_cell(cell, first=True):
    tag_p = cell.paragraphs[0] if first else cell.add_paragraph()
    tag_p.add_run("{%p if sign.kt %}")
    cell_para(cell, ("{{ sign.kt }}", "b"), size=14)
    tag(cell, "{%p endif %}")
    cell_para(cell, ("{{ sign.position }}", "b"), size=14)
    for _ in range(5):
        cell_para(cell, "", size=14)
    cell_para(cell, ("{{ sign.name }}", "b"), size=14)


def minutes_signatures(doc, left: tuple[str, str], right: tuple[str, str]):
    """The two signatures of a set of minutes (role, name placeholder each), then "Nơi nhận"."""
    table = doc.add_table(rows=1, cols=2)
    no_borders(table)
    for cell, (role, name) in zip(table.rows[0].cells, (left, right), strict=True):
        cell_para(cell, (role, "b"), size=14, first=True)
        cell_para(cell, ("(Ký, ghi rõ họ tên)", "i"))
        for _ in range(4):
            cell_para(cell, "")
        cell_para(cell, (name, "b"), size=14)
    widths(table, [80, 85])
    para(doc, ("Nơi nhận:", "bi"), align=LEFT, size=12, indent=False, after=0)
    tag(doc, "{%p for r in recipients %}")
    para(doc, "- {{ r }}", align=LEFT, size=11, indent=False, after=0)
    tag(doc, "{%p endfor %}")


def annex_start(doc, titles: list[str], attached_to: str):
    """A new page, the annex's bold centred title lines, then "(Kèm theo <document> số …)"."""
    p = doc.add_paragraph()
    p.add_run().add_break(WD_BREAK.PAGE)
    for line in titles:
        para(doc, (line, "b"), align=CENTER, indent=False, after=0)
    para(
        doc,
        (f"(Kèm theo {attached_to} {{{{ doc.reference }}}} của {{{{ authority }}}})", "i"),
        align=CENTER,
        indent=False,
        size=13,
    )


def footer(doc):
    """ "Nơi nhận" on the left, the signature block on the right."""
    table = doc.add_table(rows=1, cols=2)
    no_borders(table)
    left, right = table.rows[0].cells
    recipients_cell(left)
    signature_cell(right)
    widths(table, [80, 85])
    para(doc, "", after=0)


def grid(doc, headers, row_cells, col_mm, *, loop="", size=12, bold_first=False):
    """A bordered table: a header row, then (inside `loop`, e.g. "r in rows") one template row."""
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell_para(cell, (text, "b"), size=size, first=True)
    if loop:
        _tag_row(table, f"{{%tr for {loop} %}}")
    row = table.add_row().cells
    for i, (cell, text) in enumerate(zip(row, row_cells, strict=True)):
        align = LEFT if i and len(text) > 20 else CENTER
        cell_para(
            cell, (text, "b" if bold_first and i == 0 else ""), align=align, size=size, first=True
        )
    if loop:
        _tag_row(table, "{%tr endfor %}")
    widths(table, col_mm)
    para(doc, "", after=2)
    return table


def _tag_row(table, text):
    row = table.add_row().cells
    row[0].paragraphs[0].add_run(text)


def body_loop(doc, items: str, text: str, *, indent=True, style=""):
    tag(doc, f"{{%p for p in {items} %}}")
    para(doc, (text, style), indent=indent)
    tag(doc, "{%p endfor %}")


def issuer_line(doc, text="{{ sign.position }} {{ institution_upper }}"):
    para(doc, (text, "b"), align=CENTER, before=6, after=6, indent=False)


# -- the institution's documents -------------------------------------------------------------------


def council_decision():
    doc = new_document()
    header(doc)
    title(doc)
    issuer_line(doc)
    para(doc, ("Căn cứ {{ framework }};", "i"))
    body_loop(doc, "guidance_bases", "Căn cứ {{ p }};", style="i")
    para(
        doc,
        (
            "Căn cứ Kế hoạch triển khai đánh giá mức độ chuyển đổi số năm học {{ school_year }} "
            "của {{ authority }};",
            "i",
        ),
    )
    para(doc, ("Theo đề nghị của bộ phận chuyên môn.", "i"))
    para(doc, ("QUYẾT ĐỊNH:", "b"), align=CENTER, before=6, after=6, indent=False)
    para(
        doc,
        ("Điều 1. ", "b"),
        "Thành lập Hội đồng tự đánh giá mức độ chuyển đổi số năm học {{ school_year }} của "
        "{{ institution }} gồm các ông (bà) có tên sau:",
    )
    grid(
        doc,
        ["STT", "Họ và tên", "Chức vụ", "Nhiệm vụ trong Hội đồng", "Tiêu chí phụ trách"],
        ["{{ m.n }}", "{{ m.name }}", "{{ m.job_title }}", "{{ m.position }}", "{{ m.criteria }}"],
        [12, 45, 38, 40, 30],
        loop="m in members",
    )
    para(
        doc,
        ("Điều 2. ", "b"),
        "Hội đồng có nhiệm vụ tổ chức tự đánh giá mức độ chuyển đổi số của đơn vị theo Bộ chỉ số "
        "ban hành kèm theo Quyết định số {{ framework_number }}: thu thập, lập danh mục minh "
        "chứng; khai báo dữ kiện, chấm điểm từng tiêu chí; lập biên bản và báo cáo kết quả tự "
        "đánh giá trình Hiệu trưởng phê duyệt. Nhiệm vụ của từng thành viên:",
    )
    body_loop(doc, "members", "- {{ p.name }} ({{ p.position }}): {{ p.duty }}")
    para(doc, "Hội đồng tự giải thể sau khi hoàn thành nhiệm vụ.")
    para(
        doc,
        ("Điều 3. ", "b"),
        "Quyết định có hiệu lực kể từ ngày ký. Các bộ phận có liên quan và các ông (bà) có tên tại "
        "Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
    )
    footer(doc)
    return doc


def score_table(doc, *, evidence=True):
    headers = ["Tiêu chí", "Nội dung", "Điểm tối đa", "Điểm đánh giá", "Mức độ"]
    cells = [
        "{{ r.code }}",
        "{{ r.title }}",
        "{{ r.max_points }}",
        "{{ r.points }}",
        "{{ r.level }}",
    ]
    mm = [16, 62, 18, 20, 22]
    if evidence:
        headers.append("Mã minh chứng")
        cells.append("{{ r.evidence }}")
        mm = [14, 52, 15, 17, 19, 28]
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell_para(cell, (text, "b"), size=12, first=True)
    _tag_row(table, "{%tr for g in groups %}")
    group_row = table.add_row().cells
    group_cells = ["{{ g.code }}", "{{ g.title }}", "{{ g.max_points }}", "{{ g.points }}"]
    group_cells += ["{{ g.level_text }}"] + ([""] if evidence else [])
    for cell, text in zip(group_row, group_cells, strict=True):
        cell_para(cell, (text, "b"), size=12, first=True, align=LEFT if "title" in text else CENTER)
    _tag_row(table, "{%tr for r in g.criteria %}")
    row = table.add_row().cells
    for cell, text in zip(row, cells, strict=True):
        cell_para(
            cell,
            text,
            size=12,
            first=True,
            align=LEFT if "title" in text or "evidence" in text else CENTER,
        )
    _tag_row(table, "{%tr endfor %}")
    _tag_row(table, "{%tr endfor %}")
    widths(table, mm)
    para(doc, "", after=2)


def groups_table(doc):
    grid(
        doc,
        ["Nhóm tiêu chí", "Nội dung", "Tổng điểm", "Mức độ"],
        [
            "{{ g.code }}",
            "{{ g.title }}",
            "{{ g.points }}/{{ g.max_points }}",
            "{{ g.level_text }}",
        ],
        [20, 70, 30, 45],
        loop="g in groups",
        size=13,
    )


def self_minutes():
    doc = new_document()
    header(doc)
    title(doc)
    para(
        doc,
        "Hôm nay, ngày {{ meeting_date }}, tại {{ institution }}, Hội đồng tự đánh giá mức độ "
        "chuyển đổi số năm học {{ school_year }} họp để thống nhất kết quả tự đánh giá theo Bộ chỉ "
        "số ban hành kèm theo Quyết định số {{ framework_number }}.",
    )
    para(doc, ("I. THÀNH PHẦN", "b"), indent=False)
    grid(
        doc,
        ["STT", "Họ và tên", "Chức vụ", "Nhiệm vụ trong Hội đồng"],
        ["{{ m.n }}", "{{ m.name }}", "{{ m.job_title }}", "{{ m.position }}"],
        [12, 60, 48, 45],
        loop="m in members",
    )
    para(doc, ("II. NỘI DUNG", "b"), indent=False)
    para(
        doc,
        "Hội đồng đã rà soát các dữ kiện, {{ evidence_count }} minh chứng và thống nhất kết quả "
        "tự đánh giá từng tiêu chí như sau:",
    )
    score_table(doc)
    para(doc, ("III. KẾT LUẬN", "b"), indent=False)
    para(doc, "Kết quả tự đánh giá mức độ chuyển đổi số của {{ institution }}:")
    body_loop(
        doc,
        "groups",
        "- {{ p.title }}: {{ p.points }}/{{ p.max_points }} điểm, đạt {{ p.level_text }}."
        "{% if p.unmet %} Điều kiện bắt buộc chưa đạt: {{ p.unmet }}.{% endif %}",
    )
    para(
        doc,
        "Hội đồng thống nhất trình Hiệu trưởng phê duyệt kết quả tự đánh giá. Biên bản được lập "
        "thành 02 bản, đã được thông qua tại cuộc họp và các thành viên dự họp nhất trí./.",
    )
    minutes_signatures(
        doc, ("THƯ KÝ", "{{ secretary_name }}"), ("CHỦ TỊCH HỘI ĐỒNG", "{{ chair_name }}")
    )
    return doc


def approval_decision():
    doc = new_document()
    header(doc)
    title(doc)
    issuer_line(doc)
    para(doc, ("Căn cứ {{ framework }};", "i"))
    body_loop(doc, "guidance_bases", "Căn cứ {{ p }};", style="i")
    para(
        doc,
        (
            "Căn cứ Quyết định thành lập Hội đồng tự đánh giá mức độ chuyển đổi số năm học "
            "{{ school_year }} của {{ institution }};",
            "i",
        ),
    )
    para(doc, ("Căn cứ Biên bản họp Hội đồng tự đánh giá mức độ chuyển đổi số;", "i"))
    para(doc, ("Theo đề nghị của Hội đồng tự đánh giá.", "i"))
    para(doc, ("QUYẾT ĐỊNH:", "b"), align=CENTER, before=6, after=6, indent=False)
    para(
        doc,
        ("Điều 1. ", "b"),
        "Phê duyệt kết quả tự đánh giá mức độ chuyển đổi số năm học {{ school_year }} của "
        "{{ institution }} như sau:",
    )
    groups_table(doc)
    para(
        doc,
        ("Điều 2. ", "b"),
        "Giao Hội đồng tự đánh giá hoàn thiện hồ sơ, công khai kết quả tự đánh giá trên trang "
        "thông tin điện tử của đơn vị và gửi {{ authority }} đề nghị kiểm tra, đánh giá ngoài.",
    )
    para(
        doc,
        ("Điều 3. ", "b"),
        "Quyết định có hiệu lực kể từ ngày ký. Hội đồng tự đánh giá, các bộ phận và cá nhân có "
        "liên quan chịu trách nhiệm thi hành Quyết định này./.",
    )
    footer(doc)
    return doc


def evaluation_request():
    doc = new_document()
    header(doc)
    title(doc)
    para(doc, "Kính gửi: {{ to }}.", align=CENTER, before=6, after=6, indent=False)
    para(doc, "Căn cứ {{ framework }};")
    body_loop(doc, "guidance_bases", "Căn cứ {{ p }};")
    para(
        doc,
        "Căn cứ Kế hoạch triển khai đánh giá mức độ chuyển đổi số năm học {{ school_year }} của "
        "{{ authority }};",
    )
    para(
        doc,
        "{{ institution }} đã tổ chức tự đánh giá mức độ chuyển đổi số; kết quả tự đánh giá đã "
        "được Hiệu trưởng phê duyệt ngày {{ approved_on }}, cụ thể như sau:",
    )
    groups_table(doc)
    para(
        doc,
        "Hồ sơ gửi kèm: Báo cáo kết quả tự đánh giá; Biên bản tự đánh giá; Quyết định phê duyệt "
        "kết quả tự đánh giá; Danh mục minh chứng ({{ evidence_count }} minh chứng).",
    )
    para(
        doc,
        "{{ institution }} kính đề nghị {{ to }} tổ chức kiểm tra, đánh giá ngoài và công nhận mức "
        "độ chuyển đổi số năm học {{ school_year }} cho đơn vị./.",
    )
    footer(doc)
    return doc


def report():
    doc = new_document()
    header(doc)
    title(doc)
    para(doc, "Kính gửi: {{ to }}.", align=CENTER, before=6, after=6, indent=False)
    para(doc, ("I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO", "b"), indent=False)
    para(doc, ("1. Triển khai các văn bản chỉ đạo", "b"))
    body_loop(doc, "sections.directives", "{{ p }}")
    para(doc, ("2. Ban hành các văn bản, công tác hướng dẫn, bồi dưỡng tập huấn", "b"))
    body_loop(doc, "sections.guidance", "{{ p }}")
    para(doc, ("II. KẾT QUẢ THỰC HIỆN", "b"), indent=False)
    para(doc, ("1. Quá trình thực hiện tại cơ sở giáo dục", "b"))
    body_loop(doc, "sections.process", "{{ p }}")
    para(doc, ("2. Kết quả mức độ chuyển đổi số của đơn vị", "b"))
    para(
        doc,
        "Đơn vị tự đánh giá theo Bộ chỉ số ban hành kèm theo Quyết định số {{ framework_number }} "
        "với {{ evidence_count }} minh chứng; kết quả: {{ results_line }}.",
    )
    groups_table(doc)
    para(doc, "Số tiêu chí theo mức độ:")
    grid(
        doc,
        ["Nhóm tiêu chí", "Mức 1", "Mức 2", "Mức 3"],
        ["{{ k.title }}", "{{ k.level1 }}", "{{ k.level2 }}", "{{ k.level3 }}"],
        [75, 30, 30, 30],
        loop="k in level_counts",
        size=13,
    )
    para(doc, "Điểm và mức độ từng tiêu chí:")
    score_table(doc, evidence=False)
    para(doc, ("III. KHÓ KHĂN, VƯỚNG MẮC KHI TRIỂN KHAI", "b"), indent=False)
    body_loop(doc, "sections.difficulties", "{{ p }}")
    para(doc, ("IV. PHƯƠNG HƯỚNG NHIỆM VỤ TRỌNG TÂM NĂM HỌC TIẾP THEO", "b"), indent=False)
    body_loop(doc, "sections.directions", "{{ p }}")
    para(doc, ("V. ĐỀ XUẤT, KIẾN NGHỊ", "b"), indent=False)
    body_loop(doc, "sections.proposals", "{{ p }}")
    para(
        doc,
        "Trên đây là báo cáo kết quả thực hiện đánh giá mức độ chuyển đổi số của {{ institution }}./.",
    )
    footer(doc)
    return doc


def evidence_catalogue():
    doc = new_document()
    header(doc)
    title(doc)
    para(doc, "Đơn vị: {{ institution }}.", indent=False)
    grid(
        doc,
        [
            "STT",
            "Mã minh chứng",
            "Tên minh chứng",
            "Số, ngày ban hành",
            "Nơi ban hành",
            "Tiêu chí",
            "Nơi lưu",
        ],
        [
            "{{ r.n }}",
            "{{ r.code }}",
            "{{ r.title }}",
            "{{ r.issued }}",
            "{{ r.issuer }}",
            "{{ r.criteria }}",
            "{{ r.location }}",
        ],
        [10, 22, 45, 25, 23, 17, 23],
        loop="r in rows",
        size=11,
    )
    footer(doc)
    return doc


# -- the authority's documents ---------------------------------------------------------------------


def campaign_plan():
    doc = new_document()
    header(doc)
    title(doc)
    body_loop(doc, "bases", "{{ p }}", style="i")
    para(doc, "{{ authority }} ban hành Kế hoạch triển khai đánh giá mức độ chuyển đổi số như sau:")
    para(doc, ("I. MỤC ĐÍCH, YÊU CẦU", "b"), indent=False)
    body_loop(doc, "purposes", "- {{ p }}")
    para(doc, ("II. ĐỐI TƯỢNG, PHẠM VI", "b"), indent=False)
    para(
        doc,
        "{{ participant_count }} cơ sở giáo dục thuộc {{ authority }} tham gia; bộ chỉ số áp dụng:",
    )
    body_loop(doc, "frameworks", "- {{ p }}")
    para(doc, ("III. NỘI DUNG, THỜI GIAN THỰC HIỆN", "b"), indent=False)
    body_loop(doc, "deadlines", "- {{ p }}")
    para(doc, ("IV. TỔ CHỨC THỰC HIỆN", "b"), indent=False)
    body_loop(doc, "duties", "{{ p }}")
    para(
        doc,
        "{{ authority }} yêu cầu các đơn vị triển khai và thực hiện đúng tiến độ (Phụ lục). Trong "
        "quá trình thực hiện, nếu có khó khăn, vướng mắc các đơn vị báo cáo về {{ authority }} để "
        "được hướng dẫn kịp thời./.",
    )
    footer(doc)
    annex_start(doc, ["Phụ lục", "NHIỆM VỤ", "{{ annex_title }}"], "Kế hoạch")
    table = doc.add_table(rows=1, cols=4)
    table.style = doc.styles["Table Grid"]
    for cell, text in zip(
        table.rows[0].cells,
        ["TT", "Nội dung thực hiện", "Thời gian thực hiện", "Sản phẩm"],
        strict=True,
    ):
        cell_para(cell, (text, "b"), size=12, first=True)
    _tag_row(table, "{%tr for part in timetable %}")
    part_row = table.add_row().cells
    cell_para(part_row[0], ("{{ part.number }}", "b"), size=12, first=True)
    cell_para(part_row[1], ("{{ part.title }}", "b"), size=12, first=True, align=LEFT)
    _tag_row(table, "{%tr for t in part.tasks %}")
    row = table.add_row().cells
    for cell, text in zip(
        row, ["{{ t.n }}", "{{ t.task }}", "{{ t.when }}", "{{ t.product }}"], strict=True
    ):
        cell_para(
            cell,
            text,
            size=12,
            first=True,
            align=CENTER if text in ("{{ t.n }}", "{{ t.when }}") else LEFT,
        )
    _tag_row(table, "{%tr endfor %}")
    _tag_row(table, "{%tr endfor %}")
    widths(table, [12, 70, 35, 48])
    para(doc, "", after=2)
    para(doc, ("Danh sách cơ sở giáo dục tham gia", "b"), align=CENTER, indent=False)
    grid(
        doc,
        ["STT", "Mã đơn vị", "Cơ sở giáo dục", "Bộ chỉ số"],
        ["{{ i.n }}", "{{ i.code }}", "{{ i.name }}", "{{ i.framework }}"],
        [12, 35, 80, 38],
        loop="i in institutions",
    )
    return doc


def team_decision():
    doc = new_document()
    header(doc)
    title(doc)
    issuer_line(doc, "{{ sign_head }} {{ authority_upper }}")
    body_loop(doc, "bases", "{{ p }}", style="i")
    para(doc, ("QUYẾT ĐỊNH:", "b"), align=CENTER, before=6, after=6, indent=False)
    para(
        doc,
        ("Điều 1. ", "b"),
        "Thành lập {{ team_count }} đoàn kiểm tra, đánh giá ngoài mức độ chuyển đổi số năm học "
        "{{ school_year }} đối với các cơ sở giáo dục thuộc {{ authority }}, gồm:",
    )
    tag(doc, "{%p for t in teams %}")
    para(doc, ("{{ t.n }}. {{ t.name }}", "b"), indent=False)
    grid(
        doc,
        ["STT", "Họ và tên", "Chức vụ, đơn vị công tác", "Nhiệm vụ trong đoàn"],
        ["{{ m.n }}", "{{ m.name }}", "{{ m.job_title }}", "{{ m.role }}"],
        [12, 55, 60, 38],
        loop="m in t.members",
    )
    para(doc, "Cơ sở giáo dục được phân công kiểm tra, đánh giá: {{ t.institutions }}.")
    tag(doc, "{%p endfor %}")
    para(
        doc,
        ("Điều 2. ", "b"),
        "Các đoàn có nhiệm vụ nghiên cứu hồ sơ tự đánh giá, kiểm tra thực tế tại cơ sở giáo dục, "
        "đối chiếu minh chứng, chấm điểm từng tiêu chí theo Bộ chỉ số, lập biên bản kiểm tra, "
        "đánh giá ngoài và đề xuất công nhận mức độ chuyển đổi số. Đoàn tự giải thể sau khi "
        "hoàn thành nhiệm vụ.",
    )
    para(
        doc,
        ("Điều 3. ", "b"),
        "Quyết định có hiệu lực kể từ ngày ký. Các ông (bà) có tên tại Điều 1 và thủ trưởng các "
        "cơ sở giáo dục có liên quan chịu trách nhiệm thi hành Quyết định này./.",
    )
    footer(doc)
    return doc


def results_table(doc):
    """Self-assessed and external points and levels per criterion, the changes marked, and the
    team's remarks (the minutes and the team's report)."""
    table = doc.add_table(rows=1, cols=6)
    table.style = doc.styles["Table Grid"]
    for cell, text in zip(
        table.rows[0].cells,
        [
            "Tiêu chí",
            "Nội dung",
            "Điểm tự đánh giá",
            "Mức tự đánh giá",
            "Điểm đánh giá ngoài",
            "Mức đánh giá ngoài",
        ],
        strict=True,
    ):
        cell_para(cell, (text, "b"), size=11, first=True)
    _tag_row(table, "{%tr for g in groups %}")
    g_row = table.add_row().cells
    for cell, text in zip(
        g_row,
        [
            "{{ g.code }}",
            "{{ g.title }}",
            "{{ g.self_points }}",
            "{{ g.self_level }}",
            "{{ g.ext_points }}",
            "{{ g.ext_level }}",
        ],
        strict=True,
    ):
        cell_para(cell, (text, "b"), size=11, first=True, align=LEFT if "title" in text else CENTER)
    _tag_row(table, "{%tr for r in g.criteria %}")
    row = table.add_row().cells
    for cell, text in zip(
        row,
        [
            "{{ r.code }}",
            "{{ r.title }}",
            "{{ r.self_points }}",
            "{{ r.self_level }}",
            "{{ r.ext_points }}{{ r.mark }}",
            "{{ r.ext_level }}",
        ],
        strict=True,
    ):
        cell_para(cell, text, size=11, first=True, align=LEFT if "title" in text else CENTER)
    _tag_row(table, "{%tr endfor %}")
    _tag_row(table, "{%tr endfor %}")
    widths(table, [14, 63, 22, 22, 22, 22])
    para(
        doc,
        ("(*) Tiêu chí Đoàn điều chỉnh so với kết quả tự đánh giá.", "i"),
        size=12,
        indent=False,
    )
    para(doc, ("Nhận xét của Đoàn:", "b"), indent=False)
    body_loop(doc, "findings", "{{ p }}")
    body_loop(doc, "corrections", "- {{ p }}")


def external_minutes():
    doc = new_document()
    header(doc)
    title(doc)
    para(
        doc,
        "Hôm nay, ngày {{ visit_date }}, tại {{ institution }}, {{ team_name }} của {{ authority }} "
        "tiến hành kiểm tra, đánh giá ngoài mức độ chuyển đổi số năm học {{ school_year }} theo Bộ "
        "chỉ số ban hành kèm theo Quyết định số {{ framework_number }}.",
    )
    para(doc, ("I. THÀNH PHẦN", "b"), indent=False)
    para(doc, ("1. Đoàn kiểm tra, đánh giá ngoài", "b"))
    body_loop(doc, "team_members", "- {{ p }}")
    para(doc, ("2. Cơ sở giáo dục", "b"))
    body_loop(doc, "institution_people", "- {{ p }}")
    para(doc, ("II. KẾT QUẢ KIỂM TRA, ĐÁNH GIÁ", "b"), indent=False)
    para(doc, "Kết quả tự đánh giá của cơ sở giáo dục và kết quả đánh giá ngoài của Đoàn:")
    results_table(doc)
    para(doc, ("III. KẾT LUẬN", "b"), indent=False)
    body_loop(doc, "conclusions", "{{ p }}")
    body_loop(doc, "ext_lines", "- {{ p }}")
    para(
        doc,
        "Biên bản được lập thành 02 bản, đã thông qua tại buổi làm việc; cơ sở giáo dục giữ 01 "
        "bản, Đoàn giữ 01 bản./.",
    )
    minutes_signatures(
        doc, ("ĐẠI DIỆN CƠ SỞ GIÁO DỤC", "{{ head_name }}"), ("TRƯỞNG ĐOÀN", "{{ team_head }}")
    )
    return doc


def recognition_decision():
    doc = new_document()
    tag(doc, "{%p if draft %}")
    para(doc, ("DỰ THẢO", "b"), align=RIGHT, indent=False)
    tag(doc, "{%p endif %}")
    header(doc)
    title(doc)
    issuer_line(doc, "{{ sign_head }} {{ authority_upper }}")
    body_loop(doc, "bases", "{{ p }}", style="i")
    para(doc, ("QUYẾT ĐỊNH:", "b"), align=CENTER, before=6, after=6, indent=False)
    para(
        doc,
        ("Điều 1. ", "b"),
        "Công nhận mức độ chuyển đổi số năm học {{ school_year }} đối với {{ count }} cơ sở giáo "
        "dục (có danh sách kèm theo).",
    )
    para(
        doc,
        ("Điều 2. ", "b"),
        "Các cơ sở giáo dục có tên tại Điều 1 công khai kết quả trên trang thông tin điện tử của "
        "đơn vị, cập nhật kết quả lên cơ sở dữ liệu ngành và xây dựng kế hoạch nâng cao mức độ "
        "chuyển đổi số trong năm học tiếp theo.",
    )
    para(
        doc,
        ("Điều 3. ", "b"),
        "Quyết định có hiệu lực kể từ ngày ký. Thủ trưởng các cơ sở giáo dục có tên tại Điều 1 và "
        "các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này./.",
    )
    footer(doc)
    annex_start(
        doc,
        [
            "DANH SÁCH",
            "Cơ sở giáo dục được công nhận mức độ chuyển đổi số năm học {{ school_year }}",
        ],
        "Quyết định",
    )
    grid(
        doc,
        [
            "STT",
            "Mã đơn vị",
            "Cơ sở giáo dục",
            "{{ group1_title }}",
            "{{ group2_title }}",
        ],
        [
            "{{ r.n }}",
            "{{ r.code }}",
            "{{ r.name }}",
            "{{ r.group1 }}",
            "{{ r.group2 }}",
        ],
        [11, 25, 59, 35, 35],
        loop="r in rows",
        size=11,
    )
    para(doc, "Tổng số: {{ count }} cơ sở giáo dục; {{ level_summary }}.", indent=False, size=13)
    para(doc, ("{{ legend }}.", "i"), indent=False, size=12)
    return doc


def page_border(doc):
    """A double frame around every page (w:pgBorders), as a certificate has."""
    sect_pr = doc.sections[0]._sectPr
    borders = OxmlElement("w:pgBorders")
    borders.set(qn("w:offsetFrom"), "page")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "double")
        edge.set(qn("w:sz"), "12")
        edge.set(qn("w:space"), "24")
        edge.set(qn("w:color"), "000000")
        borders.append(edge)
    sect_pr.append(borders)


def certificates():
    """Landscape, framed, room for the emblem at the top and the seal over the signature; the
    QR code to the public page at the bottom left."""
    doc = new_document(landscape=True)
    section = doc.sections[0]
    section.top_margin = section.bottom_margin = Mm(15)
    section.left_margin = section.right_margin = Mm(20)
    page_border(doc)
    tag(doc, "{%p for cert in certificates %}")
    header(doc, with_number=False, with_date=False)
    para(doc, "", indent=False, after=0, size=20)  # the emblem's place
    para(doc, ("GIẤY CHỨNG NHẬN", "b"), align=CENTER, after=0, indent=False, size=26)
    para(
        doc,
        ("KẾT QUẢ ĐÁNH GIÁ MỨC ĐỘ CHUYỂN ĐỔI SỐ NĂM HỌC {{ school_year }}", "b"),
        align=CENTER,
        indent=False,
        after=0,
    )
    para(doc, ("{{ sign_head }} {{ authority_upper }}", "b"), align=CENTER, before=6, indent=False)
    para(doc, "Chứng nhận", align=CENTER, indent=False, after=0)
    para(
        doc, ("{{ cert.name_upper }}", "b"), align=CENTER, before=2, after=2, indent=False, size=18
    )
    para(doc, "Mã đơn vị: {{ cert.code }}", align=CENTER, indent=False, after=0)
    para(doc, "Đạt mức độ chuyển đổi số:", align=CENTER, indent=False, after=0)
    tag(doc, "{%p for g in cert.groups %}")
    para(doc, ("{{ g.title }}: {{ g.level_text }}", "b"), align=CENTER, indent=False, after=0)
    tag(doc, "{%p endfor %}")
    para(
        doc,
        ("(Theo Quyết định công nhận {{ cert.decision_line }} của {{ authority }})", "i"),
        align=CENTER,
        indent=False,
        size=13,
        after=2,
    )
    table = doc.add_table(rows=1, cols=2)
    no_borders(table)
    left, right = table.rows[0].cells
    cell_para(left, "{{ cert.qr_picture }}", first=True)
    cell_para(left, "Tra cứu: {{ cert.permalink }}", size=9)
    cell_para(left, ("{{ cert.number_line }}", "i"), size=11)
    cell_para(right, ("{{ doc.place_date }}", "i"), size=14, first=True)
    signature_cell(right, first=False)
    widths(table, [110, 147])
    p = doc.add_paragraph()
    p.add_run("{% if not loop.last %}")
    p.add_run().add_break(WD_BREAK.PAGE)
    p.add_run("{% endif %}")
    tag(doc, "{%p endfor %}")
    return doc


def summary_report():
    doc = new_document()
    header(doc)
    title(doc)
    para(doc, "Kính gửi: {{ to }}.", align=CENTER, before=6, after=6, indent=False)
    para(
        doc,
        "Thực hiện Kế hoạch triển khai đánh giá mức độ chuyển đổi số năm học {{ school_year }}, "
        "{{ authority }} báo cáo kết quả như sau:",
    )
    para(doc, ("I. CÔNG TÁC TRIỂN KHAI", "b"), indent=False)
    body_loop(doc, "steps", "- {{ p }}")
    para(doc, ("II. KẾT QUẢ", "b"), indent=False)
    para(doc, ("{{ numbers.progress }}. Tiến độ", "b"))
    grid(
        doc,
        ["Trạng thái", "Số cơ sở giáo dục"],
        ["{{ s.label }}", "{{ s.count }}"],
        [110, 55],
        loop="s in states",
        size=13,
    )
    para(doc, ("{{ numbers.levels }}. Mức độ chuyển đổi số", "b"))
    grid(
        doc,
        ["Nhóm tiêu chí", "Mức độ 1", "Mức độ 2", "Mức độ 3", "Chưa xác định"],
        ["{{ k.title }}", "{{ k.level1 }}", "{{ k.level2 }}", "{{ k.level3 }}", "{{ k.none }}"],
        [65, 25, 25, 25, 25],
        loop="k in level_counts",
        size=13,
    )
    levels = ["{{ x.group }}", "{{ x.level1 }}", "{{ x.level2 }}", "{{ x.level3 }}", "{{ x.none }}"]
    level_heads = ["Nhóm tiêu chí", "Mức độ 1", "Mức độ 2", "Mức độ 3", "Chưa xác định"]
    para(doc, ("{{ numbers.education }}. Kết quả theo cấp học", "b"))
    grid(
        doc,
        ["Cấp học", "Số cơ sở giáo dục", *level_heads],
        ["{{ x.label }}", "{{ x.count }}", *levels],
        [25, 21, 51, 17, 17, 17, 17],
        loop="x in by_education",
        size=11,
    )
    tag(doc, "{%p if by_authority %}")
    para(doc, ("{{ numbers.authority }}. Kết quả theo cơ quan quản lý", "b"))
    grid(
        doc,
        ["Cơ quan quản lý", "Số cơ sở giáo dục", "Đã gửi hồ sơ", "Đã được công nhận", *level_heads],
        ["{{ x.label }}", "{{ x.count }}", "{{ x.sent }}", "{{ x.recognised }}", *levels],
        [31, 15, 15, 17, 35, 13, 13, 13, 13],
        loop="x in by_authority",
        size=10,
    )
    tag(doc, "{%p endif %}")
    para(doc, ("{{ numbers.institutions }}. Kết quả từng cơ sở giáo dục", "b"))
    grid(
        doc,
        ["STT", "Cơ sở giáo dục", "{{ group1_title }}", "{{ group2_title }}", "Tình trạng"],
        ["{{ r.n }}", "{{ r.name }}", "{{ r.teaching }}", "{{ r.management }}", "{{ r.state }}"],
        [11, 62, 30, 30, 32],
        loop="r in rows",
        size=11,
    )
    para(doc, ("{{ legend }}.", "i"), indent=False, size=12)
    para(doc, ("III. ĐÁNH GIÁ CHUNG", "b"), indent=False)
    body_loop(doc, "assessment_lines", "{{ p }}")
    for number, heading, items in (
        ("IV", "KHÓ KHĂN, VƯỚNG MẮC", "difficulties"),
        ("V", "ĐỀ XUẤT, KIẾN NGHỊ", "proposals"),
    ):
        para(doc, (f"{number}. {heading}", "b"), indent=False)
        # Each institution's own words (its report's section), under its name; a dotted line
        # to fill by hand when no institution wrote any.
        tag(doc, f"{{%p for d in {items} %}}")
        para(doc, "- ", ("{{ d.name }}:", "b"), " {{ d.text }}")
        tag(doc, "{%p else %}")
        para(doc, "{{ dots }}")
        tag(doc, "{%p endfor %}")
    footer(doc)
    return doc


def supplement_request():
    doc = new_document()
    header(doc)
    para(doc, ("{{ doc.subtitle }}", ""), align=LEFT, indent=False, size=12)
    para(doc, "Kính gửi: {{ institution }}.", align=CENTER, indent=False, before=6, after=6)
    para(
        doc,
        "Ngày {{ returned_on }}, {{ authority }} đã thẩm định hồ sơ tự đánh giá mức độ chuyển đổi "
        "số năm học {{ school_year }} của {{ institution }} và trả lại hồ sơ để bổ sung (lần "
        "{{ round_number }}) với lý do:",
    )
    body_loop(doc, "reason", "{{ p }}", style="i")
    para(doc, "Các tiêu chí cần bổ sung, hoàn thiện:")
    table = doc.add_table(rows=1, cols=4)
    table.style = doc.styles["Table Grid"]
    for cell, text in zip(
        table.rows[0].cells,
        ["STT", "Tiêu chí", "Nội dung", "Nhận xét, yêu cầu bổ sung"],
        strict=True,
    ):
        cell_para(cell, (text, "b"), size=11, first=True)
    _tag_row(table, "{%tr for r in comments %}")
    row = table.add_row().cells
    for cell, text in zip(
        row, ["{{ r.n }}", "{{ r.code }}", "{{ r.title }}", "{{ r.text }}"], strict=True
    ):
        cell_para(
            cell,
            text,
            size=11,
            first=True,
            align=CENTER if text.endswith(("n }}", "e }}")) else LEFT,
        )
    _tag_row(table, "{%tr endfor %}")
    widths(table, [11, 20, 54, 80])
    para(
        doc,
        "Đề nghị {{ institution }} bổ sung, hoàn thiện hồ sơ và gửi lại trên hệ thống trước ngày "
        "{{ due }}. Quá thời hạn trên, đơn vị chưa gửi lại hồ sơ sẽ không được tổ chức đánh giá "
        "ngoài trong đợt này./.",
        before=6,
    )
    footer(doc)
    return doc


def team_report():
    doc = new_document()
    header(doc)
    title(doc)
    para(doc, "Kính gửi: {{ authority }}.", align=CENTER, indent=False, before=6, after=6)
    para(
        doc,
        "Thực hiện Quyết định thành lập đoàn kiểm tra, đánh giá ngoài của {{ authority }}, ngày "
        "{{ visit_date }}, {{ team_name }} đã kiểm tra, đánh giá ngoài mức độ chuyển đổi số năm học "
        "{{ school_year }} tại {{ institution }} theo Bộ chỉ số ban hành kèm theo Quyết định số "
        "{{ framework_number }}. Đoàn báo cáo kết quả như sau:",
    )
    para(doc, ("I. THÀNH PHẦN ĐOÀN", "b"), indent=False)
    body_loop(doc, "team_members", "- {{ p }}")
    para(doc, ("II. KẾT QUẢ ĐÁNH GIÁ NGOÀI", "b"), indent=False)
    results_table(doc)
    para(doc, ("III. KẾT LUẬN VÀ KIẾN NGHỊ", "b"), indent=False)
    body_loop(doc, "conclusions", "{{ p }}")
    body_loop(doc, "ext_lines", "- {{ p }}")
    para(
        doc,
        "Đoàn kính báo cáo {{ authority }} xem xét, công nhận kết quả đánh giá mức độ chuyển đổi "
        "số của {{ institution }}./.",
    )
    footer(doc)
    return doc


BUILDERS = {
    "council_decision": council_decision,
    "self_minutes": self_minutes,
    "approval_decision": approval_decision,
    "evaluation_request": evaluation_request,
    "report": report,
    "evidence_catalogue": evidence_catalogue,
    "campaign_plan": campaign_plan,
    "team_decision": team_decision,
    "external_minutes": external_minutes,
    "recognition_decision": recognition_decision,
    "certificates": certificates,
    "summary_report": summary_report,
    "supplement_request": supplement_request,
    "team_report": team_report,
}


def main(out: Path = OUT) -> None:
    out.mkdir(exist_ok=True)
    for name, build in BUILDERS.items():
        doc = build()
        doc.core_properties.author = "EduDX"
        doc.core_properties.title = name
        doc.save(out / f"{name}.docx")
        print(f"{out / name}.docx")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
