from django.urls import path

from cities import views

app_name = "cities"
urlpatterns = [
    path("", views.place_list, name="place-list"),
    path("<slug:slug>/", views.PlaceDetailView.as_view(), name="place-detail"),
]
