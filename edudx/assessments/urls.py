from django.urls import path

from edudx.assessments import (
    campaign_pages,
    council_urls,
    evidence_urls,
    form_page,
    history,
    plan_area,
    plan_views,
    views,
)

app_name = "assessments"
urlpatterns = [
    path("dot-danh-gia/", views.campaign_list, name="campaign_list"),
    path("dot-danh-gia/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path(
        "dot-danh-gia/<int:pk>/muc-chung/", campaign_pages.headline_rule, name="campaign_headline"
    ),
    path(
        "dot-danh-gia/<int:pk>/mam-non/",
        campaign_pages.take_in_preschools,
        name="campaign_preschools",
    ),
    path("don-vi/<str:code>/dot-danh-gia/mo/", views.campaign_open, name="campaign_open"),
    path("tu-danh-gia/<int:pk>/", form_page.assessment_form, name="form"),
    path("tu-danh-gia/<int:pk>/muc/<str:code>/", form_page.save_item, name="save_item"),
    path("tu-danh-gia/<int:pk>/lich-su/", history.assessment_history, name="history"),
    path("tu-danh-gia/<int:pk>/lay-nam-truoc/", form_page.prefill, name="prefill"),
    path("tu-danh-gia/<int:pk>/gia-han/", form_page.extend_deadline, name="extend"),
    path(
        "tu-danh-gia/<int:pk>/trang-thai/<str:action>/",
        form_page.change_state,
        name="change_state",
    ),
]
urlpatterns += evidence_urls.urlpatterns + council_urls.urlpatterns
urlpatterns += [
    path("tu-danh-gia/<int:pk>/ke-hoach/", plan_views.plan_page, name="plan"),
    path("tu-danh-gia/<int:pk>/ke-hoach/luu/", plan_views.plan_save, name="plan_save"),
    path(
        "tu-danh-gia/<int:pk>/ke-hoach/<str:criterion>/bo/",
        plan_views.plan_remove,
        name="plan_remove",
    ),
]
urlpatterns += [
    path("don-vi/<str:code>/ke-hoach-cai-thien/", plan_area.area_plans, name="area_plans"),
]
