app_name = "notifications"
urlpatterns: list = []
