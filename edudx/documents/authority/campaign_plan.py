"""The campaign plan (Kế hoạch triển khai đánh giá) with its timetable annex and the list of
participating institutions."""

from __future__ import annotations

import datetime as dt

from edudx.assessments.models import Campaign
from edudx.core.education import EDUCATION_LEVELS
from edudx.documents import common as c
from edudx.documents.authority.campaign import CampaignData


def campaign_plan(campaign: Campaign) -> dict:
    data = CampaignData(campaign)
    created = c.local_day(campaign.created_at)
    participations = list(
        campaign.participations.select_related("institution", "version").order_by(
            "institution__name"
        )
    )
    bases = data.framework_bases()
    if campaign.parent_id:
        bases.append(
            f"Thực hiện Kế hoạch triển khai đánh giá mức độ chuyển đổi số năm học "
            f"{campaign.school_year} của {campaign.parent.authority.name};"
        )
    frameworks = []
    by_version: dict = {}
    for cf in data.versions():
        by_version.setdefault(cf.version_id, (cf.version, []))[1].append(
            EDUCATION_LEVELS.get(cf.education_level, cf.education_level)
        )
    for version, levels in by_version.values():
        frameworks.append(
            f"{', '.join(levels)}: Bộ chỉ số ban hành kèm theo Quyết định số {version.decision_number}."
        )
    self_due, eval_due, pub_due = (
        campaign.self_assessment_due,
        campaign.evaluation_due,
        campaign.publication_due,
    )
    start_eval = self_due + dt.timedelta(days=1)
    when_plan = f"Tháng {created.month}/{created.year}" if created else c.BLANK
    parent_name = data.parent.name if data.parent else "cấp trên"
    timetable = [
        {
            "number": "I",
            "title": data.unit.name,
            "tasks": [
                {
                    "task": "Xây dựng và ban hành kế hoạch đánh giá mức độ chuyển đổi số",
                    "when": when_plan,
                    "product": "Kế hoạch triển khai đánh giá",
                },
                {
                    "task": "Ban hành quyết định thành lập các đoàn kiểm tra, đánh giá ngoài",
                    "when": f"Trước ngày {c.vn_date(self_due)}",
                    "product": "Quyết định thành lập đoàn, phân công thành viên và cơ sở giáo dục",
                },
                {
                    "task": "Kiểm tra, đánh giá ngoài các cơ sở giáo dục thuộc phạm vi quản lý",
                    "when": f"Từ ngày {c.vn_date(start_eval)} đến ngày {c.vn_date(eval_due)}",
                    "product": "Biên bản kiểm tra, đánh giá ngoài; danh sách đề nghị công nhận",
                },
                {
                    "task": "Công nhận mức độ chuyển đổi số của các cơ sở giáo dục",
                    "when": f"Chậm nhất ngày {c.vn_date(eval_due)}",
                    "product": f"Quyết định công nhận; báo cáo tổng hợp gửi {parent_name}",
                },
            ],
        },
        {
            "number": "II",
            "title": "Các cơ sở giáo dục",
            "tasks": [
                {
                    "task": "Thành lập Hội đồng tự đánh giá; thu thập, lập danh mục minh chứng",
                    "when": "Sau khi nhận Kế hoạch",
                    "product": "Quyết định thành lập Hội đồng; Danh mục minh chứng",
                },
                {
                    "task": "Tự đánh giá mức độ chuyển đổi số theo Bộ chỉ số; phê duyệt kết quả",
                    "when": f"Chậm nhất ngày {c.vn_date(self_due)}",
                    "product": "Biên bản tự đánh giá; Quyết định phê duyệt kết quả tự đánh giá",
                },
                {
                    "task": "Đề nghị đánh giá ngoài mức độ chuyển đổi số",
                    "when": f"Chậm nhất ngày {c.vn_date(self_due)}",
                    "product": "Tờ trình; Báo cáo kết quả tự đánh giá gửi cơ quan quản lý",
                },
                {
                    "task": "Phối hợp với đoàn kiểm tra, đánh giá ngoài",
                    "when": f"Từ ngày {c.vn_date(start_eval)} đến ngày {c.vn_date(eval_due)}",
                    "product": "Biên bản kiểm tra, đánh giá ngoài",
                },
                {
                    "task": "Công bố kết quả trên trang thông tin điện tử của đơn vị",
                    "when": f"Chậm nhất ngày {c.vn_date(pub_due)}",
                    "product": "Đường liên kết trang thông tin điện tử",
                },
            ],
        },
    ]
    for part in timetable:
        for i, task in enumerate(part["tasks"], 1):
            task["n"] = i
    return {
        **data.base(),
        "doc": data.header(
            "KH",
            "KẾ HOẠCH",
            "Triển khai đánh giá mức độ chuyển đổi số của các cơ sở giáo dục "
            f"năm học {campaign.school_year}",
            day=created,
        ),
        "bases": bases,
        "purposes": [
            "Đánh giá thực chất mức độ chuyển đổi số của từng cơ sở giáo dục theo Bộ chỉ số; "
            "làm căn cứ xây dựng kế hoạch nâng cao mức độ chuyển đổi số.",
            "Việc tự đánh giá, đánh giá ngoài bảo đảm khách quan, công khai, đúng tiến độ; mỗi "
            "điểm số có minh chứng kèm theo.",
        ],
        "participant_count": len({p.institution_id for p in participations}),
        "frameworks": frameworks,
        "deadlines": [
            f"Cơ sở giáo dục tự đánh giá, thủ trưởng phê duyệt và gửi hồ sơ: chậm nhất ngày {c.vn_date(self_due)}.",
            f"Kiểm tra, đánh giá ngoài và công nhận mức độ chuyển đổi số: chậm nhất ngày {c.vn_date(eval_due)}.",
            f"Công bố kết quả: chậm nhất ngày {c.vn_date(pub_due)}.",
        ],
        "duties": [
            f"1. {data.unit.name}: hướng dẫn, kiểm tra các cơ sở giáo dục; thành lập đoàn kiểm tra, "
            "đánh giá ngoài; công nhận mức độ chuyển đổi số và báo cáo cấp trên.",
            "2. Các cơ sở giáo dục: thành lập Hội đồng tự đánh giá, tổ chức tự đánh giá, phê duyệt "
            "kết quả và gửi hồ sơ đề nghị đánh giá ngoài đúng thời hạn trên hệ thống EduDX.",
        ],
        "annex_title": "Triển khai đánh giá mức độ chuyển đổi số trong các cơ sở giáo dục "
        f"năm học {campaign.school_year}",
        "timetable": timetable,
        "institutions": [
            {
                "n": i,
                "code": p.institution.code,
                "name": p.institution.name,
                "framework": p.version.decision_number,
            }
            for i, p in enumerate(participations, 1)
        ],
        "recipients": [
            "Các cơ sở giáo dục (để thực hiện);",
            f"{parent_name} (để báo cáo);",
            "Lưu: VT.",
        ],
    }
