from django.urls import path

from edudx.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.home, name="home"),
    path("<str:code>/", views.area, name="area"),
    path("<str:code>/bang-tinh.xlsx", views.area_xlsx, name="area_xlsx"),
]
