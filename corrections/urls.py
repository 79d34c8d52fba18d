from django.urls import path

from corrections import views

app_name = "corrections"
urlpatterns = [
    path("new/", views.suggest, name="correction-create"),
    path("thanks/", views.thanks, name="thanks"),
]
