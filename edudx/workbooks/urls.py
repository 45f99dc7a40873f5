from django.urls import path

from edudx.workbooks import plans, views

app_name = "workbooks"
urlpatterns = [
    path("tu-danh-gia/<int:pk>/tai-ve/", views.offline_download, name="offline_download"),
    path("tu-danh-gia/<int:pk>/tai-len/", views.offline_upload, name="offline_upload"),
    path("tu-danh-gia/<int:pk>/xac-nhan/", views.offline_confirm, name="offline_confirm"),
    path("tu-danh-gia/<int:pk>/chi-tiet/", views.detail_download, name="detail_download"),
    path("dot-danh-gia/<int:pk>/", views.campaign_export, name="campaign_export"),
    path("ke-hoach-cai-thien/<str:code>/", plans.area_plans_xlsx, name="area_plans_xlsx"),
    path("tac-vu/<int:pk>/", views.job_detail, name="job"),
    path("tac-vu/<int:pk>/tai-ve/", views.job_download, name="job_download"),
]
