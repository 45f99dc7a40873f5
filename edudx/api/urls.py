from django.urls import path

from edudx.api import opendata, read, sector, token_views, write
from edudx.api.base import api

api.add_router("", read.router)
api.add_router("", write.router)
api.add_router("", opendata.router)
api.add_router("", sector.router)

app_name = "api_pages"
urlpatterns = [
    path("don-vi/<str:code>/khoa-api/", token_views.tokens_page, name="tokens"),
    path("khoa-api/<int:pk>/thu-hoi/", token_views.revoke, name="revoke"),
]

api_urls = api.urls
