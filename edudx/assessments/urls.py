from django.urls import path

from edudx.assessments import council_urls, evidence_urls, form_page, views

app_name = "assessments"
urlpatterns = [
    path("dot-danh-gia/", views.campaign_list, name="campaign_list"),
    path("dot-danh-gia/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("don-vi/<str:code>/dot-danh-gia/mo/", views.campaign_open, name="campaign_open"),
    path("tu-danh-gia/<int:pk>/", form_page.assessment_form, name="form"),
    path("tu-danh-gia/<int:pk>/muc/<str:code>/", form_page.save_item, name="save_item"),
    path(
        "tu-danh-gia/<int:pk>/<str:action>/",
        form_page.change_state,
        name="change_state",
    ),
]
urlpatterns += evidence_urls.urlpatterns + council_urls.urlpatterns
