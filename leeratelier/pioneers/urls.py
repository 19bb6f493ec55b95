app_name = "pioneers"

urlpatterns = []
