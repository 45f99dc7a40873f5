"""What the template teaches: the 'Hướng dẫn' sheet, and the worked example filled in the
template.

The people filling a workbook are not programmers, so every column and every wording the reader
accepts is explained here in Vietnamese; a test checks that every column is explained.
"""

from __future__ import annotations

import yaml

from edudx.frameworks import schema
from edudx.frameworks.excel.layout import (
    ANNEX_COLUMNS,
    EXTRA_COLUMNS,
    GUIDE,
    INFO,
    KIND_LABELS,
    MAIN,
    MANDATORY,
    SUGGESTIONS,
)


def example() -> schema.Framework:
    """The worked example of the template: one group, a mandatory condition, one scored criterion
    with an item of the three commonest kinds."""
    return schema.parse_framework(yaml.safe_load(_EXAMPLE), "mẫu")


_EXAMPLE = """
code: VI-DU
version: "1"
title: Ví dụ
decision: {number: "…", date: 2024-01-01}
education_levels: [preschool]
group_levels:
  - {level: 1, below: 8, text: "dưới 8 điểm"}
  - {level: 2, from: 8, to: 14, text: "từ 8 - 14 điểm"}
  - {level: 3, above: 14, text: "trên 14 điểm"}
groups:
  - code: "1"
    title: Tên nhóm tiêu chí (ví dụ)
    max_points: 20
    criteria:
      - code: "1.1"
        title: Có ban hành kế hoạch … (ví dụ điều kiện bắt buộc)
        mandatory: true
        evidence: Điều kiện bắt buộc
        details: [document_number, document_date, link]
      - code: "1.2"
        title: Tên tiêu chí tính điểm (ví dụ)
        max_points: 20
        evidence: Đường link
        levels:
          - {level: 1, below: 8}
          - {level: 2, from: 8, to: 14}
          - {level: 3, above: 14}
        items:
          - {code: "1.2.1", title: "Có triển khai … (ví dụ Có/Không)", kind: boolean, max_points: 6}
          - code: "1.2.2"
            title: Tỷ lệ giáo viên … (ví dụ tỷ lệ)
            kind: percentage
            unit: "%"
            max_points: 7
            bands:
              - {below: 30, cap: 2, text: "<30%: tối đa 2 điểm"}
              - {from: 30, to: 60, cap: 4}
              - {above: 60, to: 100, cap: 7}
          - code: "1.2.3"
            title: Có triển khai sổ điểm điện tử (ví dụ lựa chọn)
            kind: choice
            max_points: 7
            options:
              - {value: none, label: Chưa triển khai, cap: 0}
              - {value: pdf_file, label: File PDF, cap: 3}
              - {value: digital_certificate, label: Áp dụng chứng thư số, cap: 7}
"""

ROWS: list[tuple[str, ...]] = [
    ("Hướng dẫn nhập bộ chỉ số bằng Excel",),
    (
        "Các trang",
        f"'{MAIN}': bảng phụ lục của quyết định, mỗi dòng một nhóm, một tiêu chí hoặc một điểm thành phần. "
        f"'{INFO}': thông tin chung (mã, phiên bản, quyết định…). '{SUGGESTIONS}': không bắt buộc, ngưỡng "
        f"gợi ý mức độ cho điểm thành phần loại 'Mức độ 1-3'. Trang '{GUIDE}' không được đọc khi nhập. "
        f"Các dòng tiêu đề phía trên dòng tên cột của trang '{MAIN}' chỉ để đọc.",
    ),
    (
        "Dòng tên cột",
        f"Giữ nguyên đúng tên và thứ tự: {' | '.join(ANNEX_COLUMNS)}, rồi các cột thêm "
        f"{' | '.join(EXTRA_COLUMNS)}. Không thêm cột khác.",
    ),
    ("Các cột của trang Phụ lục",),
    (
        "STT",
        "Dòng nhóm: 'Nhóm 1'. Dòng tiêu chí: mã tiêu chí, ví dụ 1.3. Dòng điểm thành phần: mã, ví dụ 1.3.1 "
        "(phải bắt đầu bằng mã tiêu chí; để trống thì tự đánh số 1.3.1, 1.3.2… theo thứ tự).",
    ),
    ("Tiêu chí", "Tên nhóm, nội dung tiêu chí hoặc nội dung điểm thành phần, như trong phụ lục."),
    (
        "Điểm tối đa",
        f"Dòng nhóm và tiêu chí: một số (ví dụ 30 hoặc 4,5). Điều kiện bắt buộc: ghi '{MANDATORY}'. "
        "Dòng điểm thành phần: để trống khi bằng mức cao nhất ở cột Điểm thành phần; chỉ ghi khi quyết "
        "định in điểm tối đa khác.",
    ),
    (
        "Điểm thành phần",
        "Chỉ ở dòng điểm thành phần (dòng có ô này là dòng điểm thành phần), mỗi mức một dòng trong ô "
        "(Alt+Enter để xuống dòng). Có/Không: 'Tối đa 6 điểm'. Tỷ lệ, số lượng: 'Dưới 30%: tối đa 2 điểm', "
        "'Từ 30% đến 60%: tối đa 4 điểm', 'Trên 60% đến 100%: tối đa 7 điểm', "
        "'Từ 20 đến dưới 40 học liệu: tối đa 6 điểm'. Mức độ 1-3: 'Mức độ 2: tối đa 5 điểm'. "
        "Lựa chọn: 'File PDF [pdf_file]: tối đa 3 điểm' (trong ngoặc vuông là mã lựa chọn, không dấu, "
        "không khoảng trắng).",
    ),
    (
        "Mức độ",
        "Dòng nhóm và tiêu chí: ba dòng trong ô, ví dụ 'Mức độ 1: dưới 10 điểm', "
        "'Mức độ 2: từ 10 đến 20 điểm', 'Mức độ 3: trên 20 điểm'.",
    ),
    (
        "Ghi chú, minh chứng",
        f"Dòng tiêu chí: minh chứng như phụ lục in (ví dụ 'Đường link', '{MANDATORY}').",
    ),
    (
        "Loại dữ kiện",
        f"Dòng điểm thành phần: {', '.join(KIND_LABELS.values())}. Để trống thì suy ra từ cột Điểm "
        "thành phần.",
    ),
    ("Đơn vị", "Đơn vị của số liệu, ví dụ '%' hoặc 'học liệu'."),
    (
        "Thông tin kèm theo",
        "Các thông tin cơ sở giáo dục phải cung cấp, cách nhau bởi dấu ;  ví dụ: "
        "document_number; document_date; link.",
    ),
    ("Gợi ý minh chứng", "Gợi ý của EduDX về minh chứng nên nộp (không in trong phụ lục)."),
    ("Ghi chú EduDX", "Cách EduDX đọc chỗ quyết định chưa rõ (không in trong phụ lục)."),
    ("Cách ghi quy tắc",),
    (
        "Khoảng giá trị",
        "'từ X' (X trở lên), 'trên X' (lớn hơn X), 'đến X' (tối đa X, gồm X), 'dưới X' (nhỏ hơn X); ghép: "
        "'từ X đến Y', 'trên X đến Y', 'từ X đến dưới Y'; 'bằng X'; 'mọi giá trị'. Cũng chấp nhận "
        "'ít hơn X' (= dưới X), 'nhiều hơn X' (= trên X), '<X', '>X', '<=X', '>=X' và 'X-Y' (= từ X đến Y). "
        "Đơn vị (%, học liệu…) ghi hay không đều được.",
    ),
    ("Số thập phân", "Dùng dấu phẩy (4,5); dấu chấm (4.5) cũng được chấp nhận."),
    (
        "Cách ghi trong văn bản",
        "Mỗi mức (ở cột Điểm thành phần, Mức độ, và trang Gợi ý mức độ) có thể kèm cách ghi nguyên văn "
        "của quyết định, đặt sau dấu gạch và trong ngoặc kép: "
        "'Trên 60% đến 100%: tối đa 7 điểm — \">60%: tối đa 7 điểm\"' hoặc "
        "'Mức độ 3: trên 6 điểm — \"trên 7 điểm (đọc là trên 6 điểm)\"'. Phần trước dấu gạch là quy tắc "
        "EduDX dùng để chấm; phần trong ngoặc kép chỉ để hiển thị đúng như văn bản. Không có ngoặc kép "
        "nghĩa là không có cách ghi riêng.",
    ),
    (f"Trang {INFO}",),
    (
        "Thông tin",
        "Cột A là tên thông tin (giữ nguyên), cột B là giá trị, cột C là cách ghi. "
        "Ngày ban hành dạng dd/mm/yyyy. Cấp học: "
        + "; ".join(schema.EDUCATION_LEVELS.values())
        + ". "
        "Đầy đủ: Có/Không. Có thể thêm nhiều dòng 'Ghi chú'.",
    ),
    (f"Trang {SUGGESTIONS}",),
    (
        "Gợi ý mức độ",
        "Mỗi dòng một điểm thành phần loại 'Mức độ 1-3': tỷ lệ Tử số/Mẫu số (mã số liệu, ví dụ "
        "students_per_lesson / computers) gợi ý mức độ theo từng cấp học, mỗi mức một dòng trong ô: "
        "'Mức độ 1: trên 3 — \"nhiều hơn 3 học sinh phải học chung 1 máy tính\"'. Ô để trống: không gợi ý "
        "cho cấp học đó.",
    ),
    ("Nhập vào EduDX",),
    (
        "Lệnh",
        "python manage.py import_framework_xlsx TỆP.xlsx — kiểm tra toàn bộ tệp, báo mọi ô sai (ví dụ "
        "'Phụ lục!D14: …'). Phiên bản đã công bố không sửa được: sửa nội dung thì đặt số phiên bản mới.",
    ),
]
