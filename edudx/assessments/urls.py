from django.urls import path

from edudx.assessments import views

app_name = "assessments"
urlpatterns = [
    path("dot-danh-gia/", views.campaign_list, name="campaign_list"),
    path("dot-danh-gia/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("don-vi/<str:code>/dot-danh-gia/mo/", views.campaign_open, name="campaign_open"),
]
