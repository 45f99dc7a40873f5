from django.urls import path

from edudx.frameworks import views

app_name = "frameworks"
urlpatterns = [
    path("", views.version_list, name="list"),
    path("nhap-excel/", views.import_xlsx, name="import"),
    path("mau-excel/", views.template_download, name="template"),
    path("<str:code>/<str:version>/", views.version_detail, name="detail"),
    path("<str:code>/<str:version>/excel/", views.export_download, name="export"),
]
