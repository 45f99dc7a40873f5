from django.urls import path

from edudx.recognition import public, views, years

app_name = "recognition"
urlpatterns = [
    path("dot-danh-gia/<int:pk>/cong-nhan/", views.recognise, name="recognise"),
    path("quyet-dinh-cong-nhan/<int:pk>/", views.decision_detail, name="decision"),
    path("quyet-dinh-cong-nhan/<int:pk>/cong-bo/", views.publish, name="publish"),
    path("ket-qua-cong-nhan/<int:pk>/mo-lai/", views.reopen, name="reopen"),
    path("tong-hop/", views.summary_home, name="summary_home"),
    path("tong-hop/<str:code>/", views.summary, name="summary"),
    # Public (no login). The institution's page is its stable link: keep this address.
    path("cong-khai/co-so/<str:code>/", public.institution_results, name="public_institution"),
    path("cong-khai/<str:code>/", public.authority_results, name="public_authority"),
]
urlpatterns += [
    path("don-vi/<str:code>/qua-cac-nam/", years.institution_years, name="institution_years"),
]
