from django.urls import path

from edudx.guidance import views

app_name = "guidance"
urlpatterns = [
    path("don-vi/<str:code>/", views.authority_guidance, name="authority"),
    path("don-vi/<str:code>/xuat/", views.export_guidance, name="export"),
]
